import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Response } from 'express';

/** Items of the array serialised between two turns of the event loop: 128 vectors of 1,536 floats is ~20-40 ms. */
const SLICE_ITEMS = 128;

/**
 * Sends `body` as JSON like `res.json`, except that the array `body[key]`, when it holds more than
 * `SLICE_ITEMS` items, is serialised and written `SLICE_ITEMS` at a time with a turn of the event
 * loop between slices (`key` comes first in the object). Why: `JSON.stringify` of 2,048 float
 * vectors (16 MB) is one ~300 ms block, during which no other request (not even /health/live) is
 * answered; a few at once held the loop for over a second (issue #14). Stops if the client left.
 */
export async function sendJsonInSlices<T extends object, K extends keyof T & string>(res: Response, body: T, key: K): Promise<void> {
  const items = body[key] as unknown as readonly unknown[];
  if (items.length <= SLICE_ITEMS) {
    res.json(body);
    return;
  }
  const rest = { ...body } as Record<string, unknown>;
  delete rest[key];
  const tail = JSON.stringify(rest);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.write(`{${JSON.stringify(key)}:[`);
  for (let start = 0; start < items.length; start += SLICE_ITEMS) {
    if (start > 0) await yieldToEventLoop();
    if (res.destroyed) return;
    const slice = items.slice(start, start + SLICE_ITEMS).map((item) => JSON.stringify(item));
    res.write(`${start > 0 ? ',' : ''}${slice.join(',')}`);
  }
  res.end(tail === '{}' ? ']}' : `],${tail.slice(1)}`);
}
