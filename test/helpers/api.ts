// Calling the API as the first admin, and reading what a board plays now, for tests.
import type { Manifest, PlaySegment } from '../../playlists/manifest.ts';
import { segmentAt } from '../../playlists/timeline.ts';
import type { TestController } from './controller.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** api(method, url, payload?, token?) through inject(), with the admin's bearer token by default. */
export function adminApi(get: () => TestController) {
  return (method: Method, url: string, payload?: unknown, token?: string) =>
    get().app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token ?? get().adminToken}` } });
}

/** The segment in force now, which must be a playing one. */
export function playingNow(m: Manifest): PlaySegment {
  const s = segmentAt(m, Date.now());
  if (s?.kind !== 'play') throw new Error(`expected a playing segment, got ${JSON.stringify(s)}`);
  return s;
}
