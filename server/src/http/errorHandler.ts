import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Maps every error to `{ error: { code, message } }`; unknown errors become a bare 500, detail only in the log. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: err.code, message: err.message } };
      if (err.details !== undefined) body.error.details = err.details;
      return reply.status(err.statusCode).send(body);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const message = fe.validation
        .map((v) => `${(v.instancePath || '/').replace(/^\//, '') || fe.validationContext || 'body'} ${v.message}`)
        .join('; ');
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: `The request is not valid: ${message}` } });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here.' } });
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || (fe.statusCode === 400 && fe.code?.startsWith('FST_'))) {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: fe.message } });
    }
    if (err instanceof SyntaxError || (fe.statusCode === 400 && !fe.code)) {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: { code: 'BAD_REQUEST', message: fe.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
}
