// Boards: list with truthful delivery state, register, settings, display schedule, what shows at
// an instant, timeline, manifest, proof of play, pairing grants and devices; board groups.
import type { FastifyPluginAsync } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';

export const boardRoutes: FastifyPluginAsync<{ services: Services; publicUrl: string }> = async (app, { services, publicUrl }) => {
  const { boards, schedule } = services;
  route(app, API.listBoards, () => boards.statuses());
  route(app, API.getBoard, ({ params }) => boards.status(params.id));
  route(app, API.getBoardStatus, async ({ params }) => (await boards.status(params.id)).delivery);
  route(app, API.createBoard, ({ body }, req) => boards.create(actorOf(req), body));
  route(app, API.updateBoard, ({ params, body }, req) => boards.update(actorOf(req), params.id, body));
  route(app, API.boardUsage, ({ params }) => boards.usage(params.id));
  route(app, API.deleteBoard, async ({ params }, req) => {
    await boards.delete(actorOf(req), params.id);
    return { ok: true as const };
  });
  route(app, API.boardPlays, ({ params, query }) => boards.plays(params.id, Date.parse(query.from), Date.parse(query.to)));
  route(app, API.getDisplay, ({ params }) => boards.display(params.id));
  route(app, API.setDisplay, ({ params, body }, req) => boards.setDisplay(actorOf(req), params.id, body));
  route(app, API.boardPreview, ({ params, query }) => boards.previewAt(params.id, query.at ? Date.parse(query.at) : services.now()));
  route(app, API.boardTimeline, ({ params, query }) => boards.timeline(params.id, Date.parse(query.from), Date.parse(query.to)));
  route(app, API.boardManifest, ({ params }) => boards.manifest(params.id));
  route(app, API.createGrant, async ({ params, body }, req) => {
    const { grant, expiresAt } = await services.pairing.createGrant(actorOf(req), params.id, body.ttlHours * 3_600_000);
    return { url: playerGrantUrl(publicUrl, grant), expiresAt: new Date(expiresAt).toISOString() };
  });
  route(app, API.boardDevices, ({ params }) => boards.devices(params.id));
  route(app, API.revokeDevice, async ({ params }, req) => {
    await services.pairing.revokeDevice(actorOf(req), params.id);
    return { ok: true as const };
  });
  route(app, API.approvePairing, ({ body }, req) => services.pairing.approve(actorOf(req), body.code, body.boardId));

  route(app, API.listGroups, () => schedule.listGroups());
  route(app, API.getGroup, ({ params }) => schedule.getGroup(params.id));
  route(app, API.saveGroup, ({ params, body }, req) => schedule.saveGroup(actorOf(req), { ...body, id: params.id }));
  route(app, API.deleteGroup, async ({ params }, req) => {
    await schedule.deleteGroup(actorOf(req), params.id);
    return { ok: true as const };
  });
};

export function playerGrantUrl(publicUrl: string, grant: string): string {
  return `${publicUrl}/player/?grant=${encodeURIComponent(grant)}`;
}
