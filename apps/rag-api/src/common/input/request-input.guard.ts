import { BadRequestException, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { allowedQueryKeys } from './allowed-query-keys.util';
import { describeQueryProblem } from './describe-query-problem.util';
import { describeStringProblem } from './describe-string-problem.util';
import type { InputProblem } from './interfaces/input-problem.interface';
import { MALFORMED_PATH_SEGMENTS } from './path-encoding.middleware';

/**
 * Global guard: refuses a route's path and query parameters before its pipes run, with a 400
 * naming the parameter. Path parameters must be valid percent-encoded UTF-8 without NUL; query
 * parameters must be ones the handler declares (`allowedQueryKeys`), with the same rules for
 * their names and values. A guard, not a pipe, because pipes only see the parameters a handler
 * declares. (Bodies are checked earlier, by the body parser's `verifyJsonBody`.)
 */
@Injectable()
export class RequestInputGuard implements CanActivate {
  private readonly allowed = new WeakMap<object, ReadonlySet<string>>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const problem = this.pathProblem(req, http.getResponse<Response>()) ?? describeQueryProblem(rawQuery(req.url), this.allowedFor(context));
    if (problem) throw new BadRequestException({ message: problem.message, param: problem.param });
    return true;
  }

  private pathProblem(req: Request, res: Response): InputProblem | null {
    const malformed = res.locals[MALFORMED_PATH_SEGMENTS] as ReadonlySet<string> | undefined;
    for (const [name, value] of Object.entries(req.params ?? {})) {
      if (typeof value !== 'string') continue;
      if (malformed?.has(value)) return { param: name, message: `${name} is not valid percent-encoded UTF-8 (got "${value}")` };
      const problem = describeStringProblem(value);
      if (problem) return { param: name, message: `${name} ${problem}` };
    }
    return null;
  }

  private allowedFor(context: ExecutionContext): ReadonlySet<string> {
    const handler = context.getHandler();
    let keys = this.allowed.get(handler);
    if (!keys) {
      keys = allowedQueryKeys(context.getClass() as Type<unknown>, handler.name);
      this.allowed.set(handler, keys);
    }
    return keys;
  }
}

function rawQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}
