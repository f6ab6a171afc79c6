import { vectorFor } from './create-cache';

/** A compute function that takes `ms`, records what it was asked, and can be told to fail. */
export function slowCompute(ms: number, calls: string[][], fail?: Error) {
  return async (texts: string[]) => {
    calls.push(texts);
    // The duration is the behaviour under test: a computation long enough for others to meet it.
    await new Promise((r) => setTimeout(r, ms));
    if (fail) throw fail;
    return texts.map((t) => vectorFor(t, 16));
  };
}
