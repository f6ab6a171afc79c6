import { PassThrough } from 'node:stream';
import type { Response } from 'express';
import { sendJsonInSlices } from './send-json-in-slices.util';

/** A writable Response that collects what is written and lets timers run between writes. */
function response() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const res = Object.assign(stream, {
    headers: {} as Record<string, string>,
    json: jest.fn(),
    setHeader(name: string, value: string) {
      res.headers[name] = value;
      return res;
    },
  });
  return { res: res as unknown as Response & typeof res, chunks };
}

describe('sendJsonInSlices', () => {
  it('writes a large array in slices, letting the event loop run between them; the whole parses back to the same object', async () => {
    const body = { object: 'list', data: Array.from({ length: 1_000 }, (_, index) => ({ index, embedding: [index / 3, -1, 0.5] })), model: 'm', usage: { total_tokens: 7 } };
    const { res, chunks } = response();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);

    await sendJsonInSlices(res, body, 'data');
    clearInterval(ticker);
    await new Promise((resolve) => setImmediate(resolve));

    expect(JSON.parse(chunks.join(''))).toEqual(body);
    expect(chunks.length).toBeGreaterThan(8);
    expect(ticks).toBeGreaterThan(0);
    expect(res.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(res.json).not.toHaveBeenCalled();
  });

  it('sends a small body with res.json, unchanged', async () => {
    const body = { object: 'list', data: [{ index: 0 }], model: 'm' };
    const { res } = response();
    await sendJsonInSlices(res, body, 'data');
    expect(res.json).toHaveBeenCalledWith(body);
  });
});
