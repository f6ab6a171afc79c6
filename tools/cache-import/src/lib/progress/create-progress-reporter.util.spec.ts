import { BarProgressReporter } from './bar-progress-reporter';
import { createProgressReporter } from './create-progress-reporter.util';
import { LineProgressReporter } from './line-progress-reporter';

describe('createProgressReporter', () => {
  it('draws a bar on a terminal and plain lines elsewhere', () => {
    const stream = { write: jest.fn(), on: jest.fn(), removeListener: jest.fn() } as unknown as NodeJS.WritableStream;

    expect(createProgressReporter(Object.assign(stream, { isTTY: true }))).toBeInstanceOf(BarProgressReporter);
    expect(createProgressReporter({ write: jest.fn() } as unknown as NodeJS.WritableStream)).toBeInstanceOf(LineProgressReporter);
  });
});
