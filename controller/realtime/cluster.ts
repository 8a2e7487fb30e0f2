// Several controller processes behind one address share their sockets through Redis: a manifest
// compiled by process B reaches a player connected to process A, an operator's live view on A sees
// acknowledgements that arrive at B.
//
// The adapter is @socket.io/redis-streams-adapter rather than the pub/sub one: packets go through a
// Redis stream that every process reads from its last position, so a Redis blip (a restart, a
// failover) delays packets instead of dropping them. ioredis queues commands while it reconnects,
// so what a process sends during the blip is written once Redis is back. What no adapter can keep
// (Redis restarted empty while a packet was in flight) the players' heartbeats catch: a board whose
// player reports an older version than the latest is sent it again (telemetry.ts).
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';

export type RedisClient = Redis;

/** The stream every process reads; one per installation (a Redis may serve other programs too). */
const STREAM = 'ledgate:socket.io';

/** onError hears connection trouble (once per outage, not once per retry). */
export function openRedis(url: string, onError: (err: Error) => void = () => undefined): Redis {
  const redis = new Redis(url, {
    // A name in CLIENT LIST tells an administrator which connections are LEDGate's.
    connectionName: 'ledgate',
    // Commands wait through a reconnection instead of failing after 20 tries: fan-out survives a restart.
    maxRetriesPerRequest: null,
    // Reconnect quickly first, then every 2 s at most.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  let told = false;
  redis.on('error', (err: Error) => {
    if (!told) onError(err);
    told = true;
  });
  redis.on('ready', () => (told = false));
  return redis;
}

export function redisAdapter(redis: Redis): ReturnType<typeof createAdapter> {
  return createAdapter(redis, {
    streamName: STREAM,
    // Reads block at most 1 s, so a closing process lets go of Redis within a second.
    blockTimeInMs: 1000,
    // Room for a publish to 10,000 boards (one packet each) with margin, before the stream is trimmed.
    maxLen: 50_000,
  });
}

/** Whether Redis answers, within a second. */
export async function redisAnswers(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([redis.ping().then((r) => r === 'PONG'), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000)))]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
