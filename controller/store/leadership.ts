// Which process runs the scheduled jobs when several share one PostgreSQL: the one holding a
// session-level advisory lock on a connection of its own. PostgreSQL releases the lock the moment
// that session ends — the process exits, is killed, or its connection breaks — and another process
// takes it at its next try. A machine that dies without closing its connection is noticed by the
// server's TCP keepalives, set short on this session (10 s idle, then 3 probes 5 s apart): the lock
// is free within about 25 s and taken within 30 s. No home-made lease, no clock to trust.
//
// Two leaders for a moment are possible (a partition: the old leader has not yet noticed that its
// session is gone); every job is idempotent, so a double run is harmless.
import pg from 'pg';

export interface Leadership {
  /** Whether this process runs the jobs now. */
  isLeader(): boolean;
  /** Told each time this process becomes leader (true) or stops being one (false). */
  onChange(listener: (leader: boolean) => void): void;
  close(): Promise<void>;
}

/** The lock's key: two 32-bit numbers (pg_try_advisory_lock(int, int)), "LEDG" and "jobs". */
const LOCK = [0x4c454447, 0x6a6f6273] as const;

/** onTry: told after each try to take (or keep) the lock, whatever came of it. */
export function advisoryLeadership(connectionString: string, opts: { retryMs?: number; log?: (message: string, err?: unknown) => void; onTry?: () => void } = {}): Leadership {
  const retryMs = opts.retryMs ?? 5000;
  const listeners: ((leader: boolean) => void)[] = [];
  let leader = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let attempt: Promise<void> = Promise.resolve();

  const setLeader = (value: boolean) => {
    if (value === leader) return;
    leader = value;
    for (const l of listeners) l(value);
  };
  const drop = () => {
    setLeader(false);
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
  };
  const tryOnce = async () => {
    try {
      if (!client) {
        const c = new pg.Client({ connectionString, application_name: 'ledgate-leader', connectionTimeoutMillis: 5000, query_timeout: 5000, keepAlive: true });
        // A broken connection is a lost lock: step down at once.
        c.on('error', (err) => {
          if (client === c) {
            opts.log?.('leader connection lost', err);
            drop();
          }
        });
        client = c;
        await c.connect();
        await c.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
      }
      if (leader) {
        // Still connected is still holding it.
        await client.query('SELECT 1');
      } else {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK[0], LOCK[1]]);
        if (r.rows[0]?.ok) setLeader(true);
      }
    } catch (err) {
      opts.log?.('leader election: database out of reach', err);
      drop();
    }
  };
  const loop = () => {
    if (closed) return;
    attempt = tryOnce().finally(() => {
      opts.onTry?.();
      if (!closed) timer = setTimeout(loop, retryMs);
    });
  };
  loop();

  return {
    isLeader: () => leader,
    onChange: (listener) => {
      listeners.push(listener);
      if (leader) listener(true);
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await attempt;
      // Ending the session releases the lock; the next process takes it at its next try.
      const c = client;
      client = null;
      setLeader(false);
      await c?.end().catch(() => undefined);
    },
  };
}
