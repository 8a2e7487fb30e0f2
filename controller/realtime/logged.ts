// Socket and timer callbacks are called without anyone awaiting them: an async handler run
// through here has its failure logged instead of becoming an unhandled rejection.
import type { FastifyBaseLogger } from 'fastify';

export function logged<A extends unknown[]>(log: FastifyBaseLogger, what: string, handler: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    handler(...args).catch((err: unknown) => log.error({ err }, what));
  };
}
