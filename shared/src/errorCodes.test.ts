import { describe, expect, it } from 'vitest';
import { ERRORS, errorMessage } from './errorCodes.ts';

describe('error catalogue', () => {
  it('fills placeholders in order and leaves missing ones empty', () => {
    expect(errorMessage('NOT_FOUND', ['Picture p1'])).toBe('Picture p1 was not found.');
    expect(errorMessage('RATE_LIMITED', [30])).toBe('Too many attempts. Wait 30 seconds and try again.');
    expect(errorMessage('BAD_REQUEST')).toBe('');
  });

  it('every code is a client or service-unavailable status', () => {
    for (const { status } of Object.values(ERRORS)) expect(status === 503 || (status >= 400 && status < 500)).toBe(true);
  });
});
