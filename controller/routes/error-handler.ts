// The one error handler: AppErrors and validation failures become a 4xx JSON body with a message
// in Vietnamese and English; anything else is logged and answered 500 without internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ErrorBody } from '../../playlists/api/common.ts';
import { viFor } from '../../playlists/messages.ts';
import { AppError } from '../errors.ts';
import { servePage } from './web/index.ts';

const vi = z.locales.vi();


export function setErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const body: ErrorBody = { statusCode: err.statusCode, code: err.code, message: err.messages.en, messageVi: err.messages.vi, details: err.details };
      return reply.code(err.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const problems = err.validation.map((v) => {
        const field = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        const en = v.message ?? 'invalid';
        // Rebuild the zod issue to word it with zod's Vietnamese locale.
        const issue = { ...(v.params as object), code: v.keyword, message: en } as unknown as Parameters<typeof vi.localeError>[0];
        const viText = viFor(en) ?? (v.keyword === 'custom' ? en : ((vi.localeError(issue) as string | undefined) ?? en));
        return { field, en, vi: viText };
      });
      const body: ErrorBody = {
        statusCode: 400,
        code: 'validation',
        message: `Invalid request: ${problems.map((p) => `${p.field}: ${p.en}`).join('; ')}`,
        messageVi: `Yêu cầu không hợp lệ: ${problems.map((p) => `${p.field}: ${p.vi}`).join('; ')}`,
        details: problems,
      };
      return reply.code(400).send(body);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (bad JSON, body too large, unsupported media type…).
      const body: ErrorBody = { statusCode: status, code: err.code ?? 'bad_request', message: err.message, messageVi: viForFastify(err), details: undefined };
      return reply.code(status).send(body);
    }
    req.log.error({ err }, 'unhandled error');
    const body: ErrorBody = { statusCode: 500, code: 'internal', message: 'Internal error: the controller logged it.', messageVi: 'Lỗi nội bộ: bộ điều khiển đã ghi lại lỗi này.' };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    if (servePage(req, reply)) return;
    const body: ErrorBody = { statusCode: 404, code: 'not_found', message: `No route ${req.method} ${req.url}.`, messageVi: `Không có đường dẫn ${req.method} ${req.url}.` };
    reply.code(404).send(body);
  });
}

function viForFastify(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Nội dung gửi lên không phải JSON hợp lệ.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Nội dung gửi lên quá lớn.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Kiểu nội dung (Content-Type) không được hỗ trợ.';
    default:
      return `Yêu cầu không hợp lệ: ${err.message}`;
  }
}
