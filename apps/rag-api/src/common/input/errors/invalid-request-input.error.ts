import type { InputProblem } from '../interfaces/input-problem.interface';

/**
 * A request input refused before routing (thrown from the body parser's `verify` hook): carries
 * the HTTP status and the field at fault, which `bodyErrorsMiddleware` turns into an OpenAI-style
 * error body. `type` is the body parser's name for a failed verification.
 */
export class InvalidRequestInputError extends Error {
  readonly type = 'entity.verify.failed';
  readonly param: string;

  constructor(
    readonly status: 400 | 415,
    problem: InputProblem,
  ) {
    super(problem.message);
    this.name = new.target.name;
    this.param = problem.param;
  }
}
