/**
 * Which pages of our own web app may be printed to PDF. Printing runs a real browser as the caller, so the
 * route refuses anything but these: no other origin (the path is always appended to our own address), no
 * arbitrary page of the app. Capabilities that add a printable page add its pattern here.
 */
export const PRINTABLE_PATHS: RegExp[] = [
  // The follow-up report of one stored evaluation, and the regional overview (client/src/views/evaluation).
  /^\/uppfoljning\/[A-Za-z0-9_-]{1,64}$/,
  /^\/uppfoljning$/,
  // Situational reports (lägesrapporter).
  /^\/rapporter(?:\/[A-Za-z0-9_-]{1,64}){1,3}$/,
  // The print view of a picture.
  /^\/pictures\/[A-Za-z0-9_-]{1,64}\/print$/,
];

/** A query a printable page may take: plain parameters, nothing that could smuggle another URL in. */
const QUERY = /^[A-Za-z0-9_.,:%+=&-]{0,512}$/;

/** Whether `path` (a path with an optional query, as the browser's address bar would show it) may be printed. */
export function isPrintablePath(path: string): boolean {
  if (typeof path !== 'string' || path.length > 1024) return false;
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? '' : path.slice(q + 1);
  if (!QUERY.test(query)) return false;
  return PRINTABLE_PATHS.some((re) => re.test(pathname));
}
