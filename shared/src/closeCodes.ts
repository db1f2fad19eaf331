/** WebSocket close codes of the y-websocket gateway (api-contract.md). Clients switch on these exhaustively. */
export const CLOSE_CODES = {
  /** No token, or the token is expired or revoked. */
  NOT_AUTHENTICATED: 4401,
  /**
   * Authenticated, but the caller may not read this layer (or lost the right while connected), or wrote
   * authorship (`createdBy`, `author`) that is not its own. Callers who cannot open the layer's picture at
   * all get 4404 instead, so layer ids do not reveal what exists.
   */
  NOT_ALLOWED: 4403,
  /** The layer does not exist (or was removed), or the caller may not know that it exists. */
  NO_SUCH_LAYER: 4404,
  /** A message could not be decoded as the y-websocket protocol. */
  MALFORMED_MESSAGE: 4400,
  /** A message, the document it would produce, or the writer organisation's quota in it exceeds the limit (deletions are always accepted). */
  MESSAGE_TOO_LARGE: 4413,
  /** Too many messages or sync requests from this connection, or too much sent to it that it does not read. */
  RATE_LIMITED: 4429,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;
export type CloseCode = (typeof CLOSE_CODES)[CloseCodeName];

export const CLOSE_REASONS: Record<CloseCode, string> = {
  4401: 'not authenticated',
  4403: 'not allowed',
  4404: 'no such layer',
  4400: 'malformed message',
  4413: 'message too large',
  4429: 'too many messages',
};

/** Close codes after which reconnecting with the same token cannot succeed. */
export function isPermanentClose(code: number): boolean {
  return code === 4401 || code === 4403 || code === 4404;
}
