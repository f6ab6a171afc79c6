import { trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Names the request's server span (started by the HTTP instrumentation, named after the method
 * alone) `<method> <route>` with `http.route`, as OTel's HTTP conventions ask, once the route is
 * known: when the response ends, just before that instrumentation ends the span. A no-op with
 * tracing off (no active span). `route` is the one the HTTP metrics label the request with.
 */
export function nameServerSpan(req: IncomingMessage, res: ServerResponse, route: () => string): void {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return;
  const end = res.end;
  res.end = function (this: ServerResponse, ...args: Parameters<ServerResponse['end']>) {
    const path = route();
    span.updateName(`${req.method ?? 'HTTP'} ${path}`);
    span.setAttribute('http.route', path);
    return end.apply(this, args);
  } as ServerResponse['end'];
}
