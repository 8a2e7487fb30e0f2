// Scheduled reports: each schedule as saved (JSON) with its run state — the next run, the
// occurrence it is for, the last result and error, the failures in a row.
import { Repo } from './repo.ts';

export interface ReportScheduleRow {
  id: string;
  body: string;
  nextRunAt: number | null;
  dueAt: number | null;
  lastRunAt: number | null;
  lastResult: 'sent' | 'failed' | null;
  lastError: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS =
  'id, body, next_run_at AS "nextRunAt", due_at AS "dueAt", last_run_at AS "lastRunAt", last_result AS "lastResult", last_error AS "lastError", attempts, created_at AS "createdAt", updated_at AS "updatedAt"';

export class ReportSchedulesRepo extends Repo {
  async list(): Promise<ReportScheduleRow[]> {
    return (await this.sql.all(`SELECT ${COLUMNS} FROM report_schedules ORDER BY id`)) as ReportScheduleRow[];
  }

  async get(id: string): Promise<ReportScheduleRow | undefined> {
    return (await this.sql.get(`SELECT ${COLUMNS} FROM report_schedules WHERE id = ?`, id)) as ReportScheduleRow | undefined;
  }

  /** Those whose run is due (enabled or not: the caller skips the disabled ones, whose next_run_at is null). */
  async due(now: number): Promise<ReportScheduleRow[]> {
    return (await this.sql.all(`SELECT ${COLUMNS} FROM report_schedules WHERE next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id`, now)) as ReportScheduleRow[];
  }

  /** Creates or replaces the saved body and when it runs next; the last run's record is kept. */
  async save(r: { id: string; body: string; nextRunAt: number | null; dueAt: number | null; now: number }): Promise<void> {
    await this.sql.run(`INSERT INTO report_schedules (id, body, next_run_at, due_at, created_at, updated_at) VALUES (@id, @body, @nextRunAt, @dueAt, @now, @now)
       ON CONFLICT(id) DO UPDATE SET body = excluded.body, next_run_at = excluded.next_run_at, due_at = excluded.due_at, updated_at = excluded.updated_at`, r);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM report_schedules WHERE id = ?', id)).changes > 0;
  }

  /** Marks a run as under way: not due again before `until` (a process that dies mid-run retries then), for the occurrence `dueAt`. */
  /**
   * Takes a run for `until` if the schedule's next run is still the one read (`seen`): false when
   * another process (or tick) took it meanwhile.
   */
  async lease(id: string, seen: number | null, until: number, dueAt: number): Promise<boolean> {
    return (await this.sql.run('UPDATE report_schedules SET next_run_at = ?, due_at = ? WHERE id = ? AND next_run_at IS NOT DISTINCT FROM ?', until, dueAt, id, seen)).changes === 1;
  }

  /** Records a run's outcome and when the next one is. */
  async ran(id: string, r: { at: number; result: 'sent' | 'failed'; error: string | null; attempts: number; nextRunAt: number | null; dueAt: number | null }): Promise<void> {
    await this.sql.run('UPDATE report_schedules SET last_run_at = ?, last_result = ?, last_error = ?, attempts = ?, next_run_at = ?, due_at = ? WHERE id = ?', r.at,
      r.result,
      r.error === null ? null : r.error.slice(0, 1000),
      r.attempts,
      r.nextRunAt,
      r.dueAt,
      id,);
  }
}
