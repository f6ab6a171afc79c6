/**
 * Blocks the event loop for `ms` on purpose (nothing else of this process runs meanwhile): how
 * the fault tests make a process CPU-busy at a chosen moment (a deadline's timer then fires late).
 */
export function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spinning is the point.
  }
}
