/**
 * The one place the client talks HTTP. Errors become ApiError with the server's code, so views can show a
 * sentence from the message catalogue (see errorSentence) instead of a code.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's own sentence (English), shown as detail where the catalogue has no better one. */
  readonly serverMessage: string;
  constructor(status: number, code: string, serverMessage: string) {
    super(serverMessage || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  getToken: () => string | null;
  /** Called on 401 for an authenticated request (expired or revoked session). */
  onUnauthenticated?: () => void;
  fetch?: FetchLike;
  base?: string;
}

/** Parses an error response body into an ApiError; tolerant of bodies that are not JSON. */
export async function toApiError(res: Response): Promise<ApiError> {
  let code = res.status >= 500 ? 'INTERNAL' : `HTTP_${res.status}`;
  let message = '';
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (body?.error && typeof body.error.code === 'string') code = body.error.code;
    if (body?.error && typeof body.error.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (proxy error page, empty body): the status decides the sentence.
  }
  if (res.status === 404 && code.startsWith('HTTP_')) code = 'NOT_FOUND';
  return new ApiError(res.status, code, message);
}

export class ApiClient {
  private readonly opts: ApiClientOptions;
  constructor(opts: ApiClientOptions) {
    this.opts = opts;
  }

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.opts.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const f = this.opts.fetch ?? ((i: string, init?: RequestInit) => fetch(i, init));
    let res: Response;
    try {
      res = await f((this.opts.base ?? '') + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', String((err as Error)?.message ?? err));
    }
    if (!res.ok) {
      const e = await toApiError(res);
      if (res.status === 401 && token && e.code !== 'INVALID_CREDENTIALS') this.opts.onUnauthenticated?.();
      throw e;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, signal);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
}

/** Builds a query string, skipping empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
