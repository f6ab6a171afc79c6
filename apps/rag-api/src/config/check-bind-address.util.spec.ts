import { checkBindAddress } from './check-bind-address.util';

describe('checkBindAddress', () => {
  it.each([
    [{ host: '127.0.0.1', keysFile: undefined, allowUnauthenticated: false }],
    [{ host: '::1', keysFile: undefined, allowUnauthenticated: false }],
    [{ host: '127.0.0.2', keysFile: undefined, allowUnauthenticated: false }],
    [{ host: '0.0.0.0', keysFile: '/etc/rag/keys.json', allowUnauthenticated: false }],
    [{ host: '0.0.0.0', keysFile: undefined, allowUnauthenticated: true }],
  ])('accepts %j', (config) => {
    expect(() => checkBindAddress(config)).not.toThrow();
  });

  it.each(['0.0.0.0', '::', '10.0.0.7'])('refuses to serve without keys on %s unless opted in, naming the variables', (host) => {
    expect(() => checkBindAddress({ host, keysFile: undefined, allowUnauthenticated: false })).toThrow(
      /RAG_API_HOST=.* is not a loopback address and RAG_API_KEYS_FILE is not set.*RAG_API_ALLOW_UNAUTHENTICATED=true/,
    );
  });
});
