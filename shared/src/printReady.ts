/**
 * How a printable page of the web app tells the PDF printer (server/src/print) that it is done: it sets
 * `document.body.dataset.printReady` to one of these once its data is loaded and its maps are idle. The printer
 * waits for the attribute, answers 404 for `not-found`, and fails clearly for `error` instead of printing a
 * half-drawn page.
 */
export const PRINT_READY = {
  /** Everything is drawn: print now. */
  ready: 'true',
  /** What the page shows does not exist for this reader (or they may not read it): the print is a 404. */
  notFound: 'not-found',
  /** The page could not load its data; `document.body.dataset.printError` may say why. */
  error: 'error',
} as const;

export type PrintReadyState = (typeof PRINT_READY)[keyof typeof PRINT_READY];

/**
 * Sets the marker on the document body (the client's printable pages call this). `footer` is printed at the foot
 * of every PDF page beside the page numbers: the document's classification belongs there.
 */
export function markPrintReady(state: PrintReadyState, error?: string, footer?: string): void {
  if (typeof document === 'undefined') return;
  if (error) document.body.dataset.printError = error.slice(0, 300);
  if (footer) document.body.dataset.printFooter = footer.slice(0, 200);
  document.body.dataset.printReady = state;
}
