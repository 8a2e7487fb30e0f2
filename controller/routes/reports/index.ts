// The campaign report: as JSON (the web app's page), as a file (DOCX, PDF, CSV), the thumbnails of
// what was shown, the letterhead the DOCX fills in, and the reports mailed on a schedule.
import type { FastifyPluginAsync } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';

export const reportRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { reports, reportSchedules } = services;
  route(app, API.report, ({ query }) => reports.report(query));
  route(app, API.exportReport, async ({ query }, _req, reply) => {
    const { format, ...q } = query;
    const file = await reports.exportFile(q, format);
    return reply.type(file.contentType).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.bytes);
  });
  route(app, API.reportThumbnail, async ({ params }, _req, reply) => reply.type('image/png').header('Cache-Control', 'private, max-age=86400, immutable').send(await reports.thumbnail(params.sha256)));
  route(app, API.letterhead, () => reports.letterhead());
  route(app, API.setLetterhead, ({ body }, req) => reports.setLetterhead(actorOf(req), body));
  route(app, API.listReportSchedules, () => reportSchedules.list());
  route(app, API.putReportSchedule, ({ params, body }, req) => reportSchedules.save(actorOf(req), params.id, body));
  route(app, API.deleteReportSchedule, async ({ params }, req) => {
    await reportSchedules.delete(actorOf(req), params.id);
    return { ok: true as const };
  });
  route(app, API.runReportSchedule, ({ params }, req) => reportSchedules.runNow(actorOf(req), params.id));
};
