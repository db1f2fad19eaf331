import { describe, expect, it } from 'vitest';
import { ProblemsError, problemsOf } from './problems.ts';

class ExampleInputError extends ProblemsError {
  override name = 'ExampleInputError';
}

describe('ProblemsError', () => {
  it('keeps every problem, joins them as the message, and keeps the subclass name', () => {
    const e = new ExampleInputError(['a is missing.', 'b is negative.']);
    expect(e).toBeInstanceOf(ProblemsError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ExampleInputError');
    expect(e.message).toBe('a is missing. b is negative.');
    expect(problemsOf(e)).toEqual(['a is missing.', 'b is negative.']);
    expect(new ProblemsError(['x'], 'custom').message).toBe('custom');
    expect(problemsOf(new Error('x'))).toBeNull();
  });
});
