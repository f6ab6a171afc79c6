import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Path of the `openssl` binary; `OPENSSL_BIN` overrides it. */
export const OPENSSL_BIN = process.env['OPENSSL_BIN'] ?? '/usr/bin/openssl';

/** PEM files of a throw-away CA and a server certificate it signed. */
export interface TestCertificates {
  /** The self-signed CA certificate clients must trust. */
  readonly caFile: string;
  /** Server certificate for `127.0.0.1` and `localhost`, signed by the CA. */
  readonly certFile: string;
  readonly keyFile: string;
  /** A second CA that signed nothing here: trusting it instead must fail the handshake. */
  readonly otherCaFile: string;
}

/**
 * Creates a self-signed CA and a server certificate (subjectAltName IP:127.0.0.1, DNS:localhost)
 * in `dir` with openssl, valid for two days. Takes ~0.2 s (2048-bit keys).
 */
export async function createTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string): string => join(dir, name);
  const openssl = (args: string[]): Promise<unknown> => run(OPENSSL_BIN, args, { cwd: dir });
  const newCa = (name: string): Promise<unknown> =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`,
      '-days', '2', '-subj', `/CN=${name}`]);
  await Promise.all([newCa('test-ca'), newCa('other-ca')]);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'test-ca.crt', '-CAkey', 'test-ca.key', '-CAcreateserial',
    '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext']);
  return { caFile: file('test-ca.crt'), certFile: file('server.crt'), keyFile: file('server.key'), otherCaFile: file('other-ca.crt') };
}
