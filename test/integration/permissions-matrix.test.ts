// The role × route matrix: every route of the OpenAPI document, every role, the expected decision.
// The expectations are written here, independently of the permission table they check, and a
// route added without a row here fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

type Principal = 'admin' | 'editor' | 'approver' | 'operator' | 'viewer' | 'operatorWithDuty';
const ALL: Principal[] = ['admin', 'editor', 'approver', 'operator', 'viewer', 'operatorWithDuty'];
const ADMIN: Principal[] = ['admin'];
const EDITORS: Principal[] = ['admin', 'editor'];
const REVIEWERS: Principal[] = ['admin', 'approver'];
const OPERATORS: Principal[] = ['admin', 'operator', 'operatorWithDuty'];
const DUTY: Principal[] = ['admin', 'operatorWithDuty'];

/** Who may call each /api route. */
const MATRIX: Record<string, Principal[]> = {
  'GET /api/me': ALL,
  'POST /api/me/password': ALL,
  'GET /api/me/sessions': ALL,
  'DELETE /api/me/sessions/{id}': ALL,
  'POST /api/me/tokens': ALL,
  'POST /api/me/totp': ALL,
  'POST /api/me/totp/confirm': ALL,
  'POST /api/me/totp/disable': ALL,

  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'GET /api/users/{username}': ADMIN,
  'PATCH /api/users/{username}': ADMIN,
  'POST /api/users/{username}/reset-password': ADMIN,
  'GET /api/users/{username}/sessions': ADMIN,
  'DELETE /api/users/{username}/sessions': ADMIN,
  'DELETE /api/users/{username}/sessions/{id}': ADMIN,

  'GET /api/settings': ALL,
  'PATCH /api/settings': ADMIN,

  'GET /api/audit': REVIEWERS,
  'GET /api/audit/export.csv': REVIEWERS,

  'GET /api/reports': ALL,
  'GET /api/reports/export': ALL,
  'GET /api/reports/thumbnails/{sha256}': ALL,
  'GET /api/reports/letterhead': ALL,
  'PUT /api/reports/letterhead': ADMIN,
  'GET /api/report-schedules': ALL,
  'PUT /api/report-schedules/{id}': ADMIN,
  'DELETE /api/report-schedules/{id}': ADMIN,
  'POST /api/report-schedules/{id}/run': ADMIN,
  'GET /api/alerts': ALL,
  'GET /api/alerts/settings': ADMIN,
  'PUT /api/alerts/settings': ADMIN,
  'PUT /api/boards/{id}/alert-delay': ADMIN,

  'GET /api/changes': ALL,
  'GET /api/changes/{id}': ALL,
  'GET /api/changes/{id}/preview': ALL,
  'POST /api/changes/{id}/submit': EDITORS,
  'DELETE /api/changes/{id}': EDITORS,
  'POST /api/changes/{id}/approve': REVIEWERS,
  'POST /api/changes/{id}/reject': REVIEWERS,

  'GET /api/fonts': ALL,
  'GET /api/slides': ALL,
  'GET /api/slides/{id}': ALL,
  'GET /api/slides/{id}/legibility': ALL,
  'GET /api/slides/{id}/preview': ALL,
  'POST /api/slides': EDITORS,
  'PUT /api/slides/{id}': EDITORS,
  'POST /api/slides/render': EDITORS,
  'GET /api/slides/{id}/usage': ALL,
  'DELETE /api/slides/{id}': EDITORS,
  'GET /api/media': ALL,
  'POST /api/media': EDITORS,
  'GET /api/playlists': ALL,
  'GET /api/playlists/{id}': ALL,
  'PUT /api/playlists/{id}': EDITORS,
  'GET /api/playlists/{id}/usage': ALL,
  'DELETE /api/playlists/{id}': EDITORS,
  'GET /api/campaigns': ALL,
  'GET /api/campaigns/{id}/export': ALL,
  'GET /api/schedule-entries': ALL,
  'GET /api/schedule-entries/{id}': ALL,
  'POST /api/schedule-entries/check': ALL,
  'POST /api/schedule-entries': EDITORS,
  'PUT /api/schedule-entries/{id}': EDITORS,
  'DELETE /api/schedule-entries/{id}': EDITORS,

  'GET /api/boards': ALL,
  'GET /api/boards/{id}': ALL,
  'GET /api/boards/{id}/status': ALL,
  'GET /api/boards/{id}/plays': ALL,
  'GET /api/boards/{id}/display': ALL,
  'GET /api/boards/{id}/preview': ALL,
  'GET /api/boards/{id}/timeline': ALL,
  'GET /api/boards/{id}/manifest': ALL,
  'GET /api/boards/{id}/devices': ALL,
  'POST /api/boards': ADMIN,
  'PATCH /api/boards/{id}': ADMIN,
  'GET /api/boards/{id}/usage': ALL,
  'DELETE /api/boards/{id}': ADMIN,
  'PUT /api/boards/{id}/display': DUTY,
  'POST /api/boards/{id}/grants': OPERATORS,
  'POST /api/devices/{id}/revoke': OPERATORS,
  'POST /api/pairings/approve': OPERATORS,
  'GET /api/groups': ALL,
  'GET /api/groups/{id}': ALL,
  'PUT /api/groups/{id}': ADMIN,
  'DELETE /api/groups/{id}': ADMIN,

  'GET /api/emergencies': ALL,
  'POST /api/emergencies': DUTY,
  'DELETE /api/emergencies/{id}': DUTY,
  'GET /api/blackouts': ALL,
  'POST /api/blackouts': DUTY,
  'DELETE /api/blackouts/{id}': DUTY,
};

/** Routes outside /api: open without a sign-in, each for a reason. */
const PUBLIC = new Set([
  'POST /auth/login',
  'POST /auth/logout',
  'GET /healthz',
  'GET /readyz',
  // Content-addressed images: boards fetch them without a session, and their names cannot be guessed.
  'GET /media/{file}',
  'GET /media/thumbs/{file}',
  // A player redeems its one-time pairing link: the link is the credential.
  'POST /player-api/grants/redeem',
  // Prometheus: served to the controller's own machine or with METRICS_TOKEN, never to a user (metrics.test.ts).
  'GET /metrics',
]);

/**
 * A request that changes nothing whoever sends it: a body that fails validation, or a target that
 * does not exist. Validation runs after the permission check, so an allowed caller gets 400/404
 * and a refused one 403.
 */
function probe(route: string): { method: string; url: string; payload?: unknown } {
  const [method, path] = route.split(' ') as [string, string];
  const url = path
    .replace('{username}', 'khong-co')
    .replace(/\/changes\/\{id\}/, '/changes/change-0000000000')
    .replace(/\/sessions\/\{id\}/, '/sessions/0000000000000000')
    .replace('{id}', 'khong-co');
  const query = route.endsWith('/plays') || route.endsWith('/timeline') ? '?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z' : route.endsWith('/changes/{id}/preview') ? '?board=khong-co' : '';
  return { method, url: url + query, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { unexpected: true } }) };
}

let c: TestController;
const tokens = {} as Record<Principal, string>;

beforeAll(async () => {
  c = await startController({ listen: false, approval: true });
  tokens.admin = c.adminToken;
  tokens.editor = (await c.user('bien-tap', ['editor'])).token;
  tokens.approver = (await c.user('phe-duyet', ['approver'])).token;
  tokens.operator = (await c.user('van-hanh', ['operator'])).token;
  tokens.viewer = (await c.user('nguoi-xem', ['viewer'])).token;
  tokens.operatorWithDuty = (await c.user('truc-khan', ['operator'], ['overrides'])).token;
});
afterAll(async () => {
  await c.close();
});

describe('role × route matrix', () => {
  it('has a decision for every route of the OpenAPI document, and none for a route that is gone', async () => {
    const doc = (await c.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const undecided = routes.filter((r) => !(r in MATRIX) && !PUBLIC.has(r));
    expect(undecided, 'routes without a row in MATRIX (decide who may call them)').toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r)), 'rows for routes that no longer exist').toEqual([]);
  });

  it('lets each role do what its row says and refuses the rest with 403 in both languages, changing nothing', async () => {
    const failures: string[] = [];
    for (const [route, allowed] of Object.entries(MATRIX)) {
      for (const who of ALL) {
        const before = await c.ctx.store.audit.count();
        const { method, url, payload } = probe(route);
        const res = await c.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });
        const label = `${route} as ${who}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (allowed.includes(who)) {
          if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500) failures.push(`expected allowed — ${label}`);
        } else {
          const body = res.json() as { code?: string; messageVi?: string };
          if (res.statusCode !== 403 || body.code !== 'forbidden' || !body.messageVi?.includes('không được')) failures.push(`expected 403 — ${label}`);
          if (await c.ctx.store.audit.count() !== before) failures.push(`a refused request left an audit record — ${label}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every /api route without a sign-in (401)', async () => {
    for (const route of Object.keys(MATRIX)) {
      const { method, url, payload } = probe(route);
      const res = await c.app.inject({ method: method as 'GET', url, payload: payload as object });
      expect(res.statusCode, route).toBe(401);
    }
  });

  it('tells each user what they may do (GET /api/me), from the same table', async () => {
    const me = async (who: Principal) => (await c.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${tokens[who]}` } })).json() as { permissions: string[]; roles: string[] };
    expect((await me('viewer')).permissions).toEqual(['boards.read', 'content.read', 'account.self', 'reports.read']);
    expect((await me('editor')).permissions).toContain('content.edit');
    expect((await me('editor')).permissions).not.toContain('changes.review');
    expect((await me('operator')).permissions).not.toContain('overrides.manage');
    expect((await me('operatorWithDuty')).permissions).toContain('overrides.manage');
  });
});
