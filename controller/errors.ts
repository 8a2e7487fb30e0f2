// One error taxonomy for the whole controller. Every error a person can cause carries a message
// in Vietnamese and in English saying what to fix; the Fastify error handler turns it into JSON.
export interface Bilingual {
  vi: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = new.target.name;
  }
}

export class BadRequest extends AppError {
  constructor(messages: Bilingual, details?: unknown) {
    super(400, 'bad_request', messages, details);
  }
}
export class Unauthorized extends AppError {
  constructor(messages: Bilingual = { vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' }) {
    super(401, 'unauthorized', messages);
  }
}
export class Forbidden extends AppError {
  constructor(messages: Bilingual) {
    super(403, 'forbidden', messages);
  }
}
export class NotFound extends AppError {
  constructor(messages: Bilingual) {
    super(404, 'not_found', messages);
  }
}
export class Conflict extends AppError {
  constructor(messages: Bilingual, details?: unknown) {
    super(409, 'conflict', messages, details);
  }
}
export class Unprocessable extends AppError {
  constructor(messages: Bilingual, details?: unknown) {
    super(422, 'unprocessable', messages, details);
  }
}

/** The controller cannot serve now (its database or Redis is out of reach): a load balancer sends the request elsewhere. */
export class ServiceUnavailable extends AppError {
  constructor(messages: Bilingual, details?: unknown) {
    super(503, 'unavailable', messages, details);
  }
}

const THINGS = {
  board: { vi: 'bảng', en: 'board' },
  group: { vi: 'nhóm bảng', en: 'board group' },
  playlist: { vi: 'danh sách phát', en: 'playlist' },
  slide: { vi: 'trang', en: 'slide' },
  entry: { vi: 'lịch', en: 'schedule entry' },
} as const;

/** "No board "x"." in both languages: the one wording for a reference to something missing. */
export function noSuch(thing: keyof typeof THINGS, id: string): Bilingual {
  return { vi: `Không có ${THINGS[thing].vi} "${id}".`, en: `No ${THINGS[thing].en} "${id}".` };
}

/** A data file or input refused field by field (campaign import, CLI). */
export interface FieldProblem {
  path: string;
  line?: number;
  vi: string;
  en: string;
}
