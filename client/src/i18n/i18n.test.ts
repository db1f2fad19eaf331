import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { errorParts, errorSentence } from './errors.ts';
import { ApiError } from '../api/http.ts';
import { formatDateTime, formatDuration, formatRelative, formatTime, fromStockholmInput, toStockholmInput } from './format.ts';
import { type MessageKey, sv } from './sv.ts';
import { placeholders, translate } from './translate.ts';

describe('message catalogues', () => {
  it('have the same keys in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(sv) as MessageKey[]) expect([k, placeholders(en[k])]).toEqual([k, placeholders(sv[k])]);
  });

  it('have no empty messages', () => {
    for (const [k, v] of [...Object.entries(sv), ...Object.entries(en)]) expect([k, v.trim().length > 0]).toEqual([k, true]);
  });

  it('name every incident type in Swedish as the police do', () => {
    expect(sv['incident.type.shooting']).toBe('Skottlossning');
    expect(sv['incident.type.explosion']).toBe('Sprängning/detonation');
    expect(sv['incident.type.threat_emergency_personnel']).toBe('Hot eller våld mot blåljuspersonal eller myndighetsföreträdare');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(sv, 'pictures.changed', { when: 'i går' })).toBe('Ändrad i går');
    expect(translate(sv, 'pictures.changed')).toBe('Ändrad {when}');
  });
});

describe('formatting in Europe/Stockholm', () => {
  it('shows times in Swedish local time, winter and summer', () => {
    expect(formatTime('2026-01-15T12:00:00Z', 'sv')).toBe('13:00:00');
    expect(formatTime('2026-07-15T12:00:00Z', 'sv')).toBe('14:00:00');
    expect(formatDateTime('2026-07-15T12:00:00Z', 'sv')).toContain('14:00');
    expect(formatDateTime('2026-07-15T12:00:00Z', 'en')).toContain('14:00');
  });

  it('returns unparsable input unchanged', () => {
    expect(formatDateTime('not a date', 'sv')).toBe('not a date');
  });

  it('formats relative times', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(formatRelative('2026-11-26T09:57:00Z', 'en', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-11-26T09:57:00Z', 'sv', now)).toBe('för 3 minuter sedan');
  });

  it('never says a past event is in the future: clock skew and the last few seconds read "nu"', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(formatRelative('2026-11-26T10:00:01Z', 'sv', now)).toBe('nu');
    expect(formatRelative('2026-11-26T10:02:00Z', 'sv', now)).toBe('nu');
    expect(formatRelative('2026-11-26T09:59:55Z', 'en', now)).toBe('now');
    expect(formatRelative('2026-11-26T09:59:30Z', 'sv', now)).toBe('för 30 sekunder sedan');
  });

  it('formats time left', () => {
    expect(formatDuration(((3 * 24 + 4) * 60 + 5) * 60_000, 'sv')).toBe('3 d 4 h');
    expect(formatDuration((2 * 60 + 15) * 60_000, 'sv')).toBe('2 h 15 min');
    expect(formatDuration(-5_000, 'sv')).toBe('0 min');
  });

  it('round-trips datetime-local values as Stockholm wall time', () => {
    expect(toStockholmInput('2026-07-15T12:00:00Z')).toBe('2026-07-15T14:00');
    expect(fromStockholmInput('2026-07-15T14:00')).toBe('2026-07-15T12:00:00.000Z');
    expect(fromStockholmInput('2026-01-15T14:00')).toBe('2026-01-15T13:00:00.000Z');
    expect(fromStockholmInput('')).toBeNull();
    expect(toStockholmInput(null)).toBe('');
  });
});

describe('server errors as sentences', () => {
  const t = (k: MessageKey) => sv[k];
  it('maps codes to catalogue sentences', () => {
    expect(errorSentence(new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.'), t)).toBe('Fel användarnamn eller lösenord.');
    expect(errorSentence(new ApiError(0, 'NETWORK', 'fetch failed'), t)).toBe(sv['error.NETWORK']);
  });
  it('adds the server detail where it says which field or entry', () => {
    const s = errorSentence(new ApiError(422, 'CLASSIFICATION_VIOLATION', 'Entry 1: a police-internal layer cannot be shared.'), t);
    expect(s).toContain(sv['error.CLASSIFICATION_VIOLATION']);
    expect(s).toContain('Entry 1');
  });
  it('says how long to wait when the server throttles', () => {
    const t = (k: MessageKey, p?: Record<string, string | number>) => translate(sv, k, p);
    expect(errorSentence(new ApiError(429, 'RATE_LIMITED', 'Too many attempts. Wait 42 seconds and try again.'), t)).toBe('För många försök. Försök igen om 42 sekunder.');
    expect(errorSentence(new ApiError(429, 'RATE_LIMITED', ''), t)).toBe(sv['error.RATE_LIMITED']);
  });

  it('falls back for unknown codes and 5xx', () => {
    expect(errorParts(new ApiError(500, 'INTERNAL', '')).key).toBe('error.INTERNAL');
    expect(errorParts(new ApiError(418, 'TEAPOT', 'I am a teapot')).detail).toBe('I am a teapot');
    expect(errorParts(new Error('boom')).key).toBe('error.unknown');
  });
});
