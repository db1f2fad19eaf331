/**
 * The error that carries every problem found in some input, one sentence each, instead of stopping at the
 * first. Validators collect sentences and throw it once; HTTP layers answer 400/422 with the list, command
 * lines print it. Subclasses only name where the input came from.
 */
export class ProblemsError extends Error {
  override name = 'ProblemsError';
  readonly problems: string[];
  /** `message` defaults to the problems joined by spaces. */
  constructor(problems: readonly string[], message: string = problems.join(' ')) {
    super(message);
    this.problems = [...problems];
  }
}

/** The problems of a ProblemsError, or null for any other thrown value. */
export function problemsOf(e: unknown): string[] | null {
  return e instanceof ProblemsError ? e.problems : null;
}
