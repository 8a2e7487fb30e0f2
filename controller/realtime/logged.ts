// Socket and timer callbacks are called without anyone awaiting them: an async handler run
// through here has its failure logged instead of becoming an unhandled rejection.
import type { FastifyBaseLogger } from 'fastify';

export function logged<A extends unknown[]>(log: FastifyBaseLogger, what: string, handler: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    handler(...args).catch((err: unknown) => log.error({ err }, what));
  };
}

/**
 * A socket.io middleware from an async one: a failure is logged and the connection refused
 * ("unavailable"), so a handshake never hangs on an error.
 */
export function loggedMiddleware<S>(log: FastifyBaseLogger, what: string, admit: (socket: S, next: (err?: Error) => void) => Promise<void>): (socket: S, next: (err?: Error) => void) => void {
  return logged(log, what, async (socket: S, next: (err?: Error) => void) => {
    try {
      await admit(socket, next);
    } catch (e) {
      next(new Error('unavailable'));
      throw e;
    }
  });
}
