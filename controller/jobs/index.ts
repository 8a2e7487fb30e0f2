// Background jobs: each a small named module run by node-cron, logged when it did something,
// and destroyed when the app closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import cron from 'node-cron';
import type { Services } from '../services/index.ts';
import type { Leadership } from '../store/leadership.ts';
import { expireOverridesJob } from './expire-overrides.ts';
import { externalChangesJob } from './external-changes.ts';
import { pruneJob } from './prune.ts';
import { rollHorizonJob } from './roll-horizon.ts';
import { reportSchedulesJob } from './report-schedules.ts';
import { reportThumbnailsJob } from './report-thumbnails.ts';
import { rollupJob } from './rollup.ts';
import { statusHistoryJob } from './status-history.ts';
import { alertDigestJob, deliverAlertsJob, watchBoardsJob } from './watch-boards.ts';

export interface Job {
  name: string;
  /** node-cron expression (six fields allowed: seconds first). */
  schedule: string;
  /** Does the work; returns a summary to log, or nothing when there was nothing to do. */
  run(services: Services): Promise<string | void> | string | void;
  /** Runs when this process takes the jobs on (at start when alone), before its first tick. */
  init?(services: Services): Promise<void> | void;
}

export const JOBS: Job[] = [externalChangesJob, rollHorizonJob, expireOverridesJob, pruneJob, statusHistoryJob, rollupJob, reportThumbnailsJob, watchBoardsJob, deliverAlertsJob, alertDigestJob, reportSchedulesJob];

/**
 * Several processes run one set of jobs: only the leader's ticks do work (leadership: a PostgreSQL
 * advisory lock; one process alone is always the leader).
 */
export const jobsPlugin = fp(
  async (app: FastifyInstance, opts: { services: Services; jobs?: Job[]; leadership?: Leadership }) => {
    const jobs = opts.jobs ?? JOBS;
    // Without a leadership, this process is alone: it is the leader.
    const leadership: Pick<Leadership, 'isLeader' | 'onChange'> = opts.leadership ?? { isLeader: () => true, onChange: (listener) => listener(true) };
    // A job's first tick waits for its start (init) when this process takes the jobs on.
    let started: Promise<unknown> = Promise.resolve();
    const start = async () => {
      for (const job of jobs) {
        try {
          await job.init?.(opts.services);
        } catch (err) {
          app.log.error({ err, job: job.name }, 'job failed to start');
        }
      }
    };
    leadership.onChange((leader) => {
      if (opts.leadership) app.log.info(leader ? 'this process runs the scheduled jobs' : 'another process runs the scheduled jobs');
      if (leader) started = start();
    });
    await started;
    const tasks = jobs.map((job) =>
      cron.schedule(
        job.schedule,
        async () => {
          if (!leadership.isLeader()) return;
          await started;
          try {
            const summary = await job.run(opts.services);
            if (summary) app.log.info({ job: job.name }, summary);
            opts.services.events.emit('job-ran', job.name, 'ok');
          } catch (err) {
            app.log.error({ err, job: job.name }, 'job failed');
            opts.services.events.emit('job-ran', job.name, 'failed');
          }
        },
        { name: job.name, noOverlap: true },
      ),
    );
    app.addHook('onClose', async () => {
      for (const task of tasks) await task.destroy();
    });
  },
  { name: 'jobs' },
);
