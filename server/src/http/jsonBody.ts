import type { FastifyInstance } from 'fastify';
import { appError } from '../errors.ts';

/** Deeper than any document the API defines; deep enough nesting otherwise overflows recursive code downstream. */
export const MAX_JSON_DEPTH = 64;

// In a u-mode class only unpaired surrogate halves match: text no database or encoder accepts.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Why a parsed JSON value may not enter the server, or undefined: nesting beyond `maxDepth`, a string or
 * key with a lone surrogate, or a `__proto__` key (prototype pollution in code that merges objects).
 * Iterative, so a hostile depth cannot overflow the check itself.
 */
export function jsonValueProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return 'a string contains an unpaired UTF-16 surrogate (\\ud800–\\udfff), which is not valid text';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return `the JSON is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      if (LONE_SURROGATE.test(key)) return 'a key contains an unpaired UTF-16 surrogate (\\ud800–\\udfff), which is not valid text';
      stack.push({ v: item, depth: depth + 1 });
    }
    // JSON.parse makes "__proto__" an own property, which Object.entries lists; checked apart for a clear message.
    if (Object.hasOwn(v, '__proto__')) return 'the key "__proto__" is not allowed';
  }
  return undefined;
}

/** Replaces Fastify's JSON parser with one that refuses, with a 400 that says why, what jsonValueProblem refuses. */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(appError('BAD_REQUEST', ['The request body is empty; send JSON, or no Content-Type.']), undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(appError('BAD_REQUEST', ['The request body is not valid JSON.']), undefined);
    }
    const problem = jsonValueProblem(value);
    if (problem) return done(appError('BAD_REQUEST', [`The request body is refused: ${problem}.`]), undefined);
    done(null, value);
  });
}

/**
 * Raw bodies for imports (CSV, GeoJSON, feed JSON) reach their importers as text, which parse JSON
 * themselves: a JSON-shaped raw body gets the same checks here, so a lone surrogate escape or hostile
 * nesting in an import is a 400 too, whatever the importer does with it. Other text passes unchanged.
 */
export function installRawBodyParser(app: FastifyInstance, contentTypes: string[]): void {
  app.addContentTypeParser(contentTypes, { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    const first = text.trimStart()[0];
    if (first === '{' || first === '[') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // Not JSON after all (or broken JSON): the importer reports it in its own terms.
        return done(null, text);
      }
      const problem = jsonValueProblem(value);
      if (problem) return done(appError('BAD_REQUEST', [`The request body is refused: ${problem}.`]), undefined);
    }
    done(null, text);
  });
}
