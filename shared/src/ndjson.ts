/** NDJSON (one JSON value per line, as feed archives store events): blank lines are skipped, a line that is not
 * JSON is kept as its text so the caller can say which one. */
export type NdjsonLine = { ok: true; value: unknown } | { ok: false; text: string };

export function readNdjson(text: string): NdjsonLine[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return { ok: true, value: JSON.parse(l) as unknown };
      } catch {
        return { ok: false, text: l };
      }
    });
}
