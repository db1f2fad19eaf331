/** Asks the server for a PDF of one of our printable pages (POST /api/print/pdf) and saves it in the browser. */
import { toApiError } from '../../api/http.ts';
import type { Locale } from '../../i18n/format.ts';

export async function downloadPdf(token: string | null, path: string, locale: Locale, fileName: string): Promise<void> {
  const res = await fetch('/api/print/pdf', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/pdf', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ path, locale }),
  });
  if (!res.ok) throw await toApiError(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
