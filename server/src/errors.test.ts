import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appError, ERRORS } from './errors.ts';
import { repoRoot } from './paths.ts';

describe('error catalogue', () => {
  it('fills message placeholders and carries the HTTP status', () => {
    const err = appError('NOT_FOUND', ['Layer abc']);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('Layer abc was not found.');
  });

  it('documents every code in the README', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const code of Object.keys(ERRORS)) expect(readme, `README lists ${code}`).toContain(`\`${code}\``);
  });

  it('uses only 4xx and 503 statuses (500 is never a coded error)', () => {
    for (const { status } of Object.values(ERRORS)) expect(status === 503 || (status >= 400 && status < 500)).toBe(true);
  });
});
