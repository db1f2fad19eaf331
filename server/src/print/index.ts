/**
 * PDF printing of our own web app's pages (infrastructure: any capability may print a page as its caller).
 * `feature.ts` is for the composition root only.
 */
export type { PdfPrinter, PrintRequestOptions, PrintSession } from './PdfPrinter.ts';
export { isPrintablePath, PRINTABLE_PATHS } from './printablePaths.ts';
