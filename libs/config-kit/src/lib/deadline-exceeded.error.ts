/** Rejection of a call that did not answer within its budget (see `withDeadline`). */
export class DeadlineExceededError extends Error {
  /**
   * @param budgetMs the budget that ran out, in milliseconds
   * @param subject what did not answer, first word of the message
   */
  constructor(
    readonly budgetMs: number,
    readonly subject = 'Redis',
  ) {
    super(`${subject} did not answer within ${budgetMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}
