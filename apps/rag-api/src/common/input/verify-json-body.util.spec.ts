import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidRequestInputError } from './errors/invalid-request-input.error';
import { verifyJsonBody } from './verify-json-body.util';

const verify = (body: Buffer | string, encoding = 'utf-8'): void =>
  verifyJsonBody({} as IncomingMessage, {} as ServerResponse, typeof body === 'string' ? Buffer.from(body) : body, encoding);

/** Asserts that `body` is refused with an `InvalidRequestInputError` having `fields`. */
function expectRefusal(body: Buffer | string, fields: Partial<InvalidRequestInputError>, encoding?: string): void {
  expect(() => verify(body, encoding)).toThrow(InvalidRequestInputError);
  expect(() => verify(body, encoding)).toThrow(expect.objectContaining(fields));
}

describe('verifyJsonBody', () => {
  it('lets a valid body through', () => {
    expect(() => verify('{"input":["héllo","😀"]}')).not.toThrow();
  });

  it('refuses a charset other than UTF-8 with 415', () => {
    expectRefusal('{}', { status: 415, param: 'body', message: 'request body must be UTF-8 JSON (got charset "utf-16le")' }, 'utf-16le');
  });

  it.each([
    ['a lone byte 0xff', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
    ['an encoded surrogate (CESU-8)', Buffer.concat([Buffer.from('{"input":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['a truncated sequence', Buffer.concat([Buffer.from('{"input":"'), Buffer.from([0xe4, 0xb8]), Buffer.from('"}')])],
  ])('refuses %s as not UTF-8', (_name, body) => {
    expectRefusal(body, { status: 400, param: 'body', message: 'request body is not valid UTF-8' });
  });

  it('refuses what the scan finds, with the field', () => {
    expectRefusal('{"filter":{"prototype":"v2"}}', { status: 400, param: 'filter.prototype', type: 'entity.verify.failed' });
  });
});
