// Alerts: operators told when a board goes dark (or shows something other than its schedule, does
// not take a new manifest, or its player reports an error). The pure machine
// (playlists/alert-machine.ts) decides; this service feeds it every board in sets, keeps its state,
// records the alerts and queues their deliveries in one transaction, sends them (mail, webhook)
// with retries, and makes the daily digest. Alerts are system facts, like telemetry: opening and
// closing them is not audited; changing where they go, or a board's delay, is (the door,
// 'reports.manage'). Reading alerts changes nothing.
import { DateTime } from 'luxon';
import type { AlertDetail, AlertEvent, AlertKind, BoardAlertKind, BoardAlertState, Observation } from '../../playlists/alert-machine.ts';
import { DEFAULT_ALERT_RULES, isBoardKind, scheduleFacts, stateFromOpenAlerts, stepAlerts } from '../../playlists/alert-machine.ts';
import type { AlertSettings, AlertSettingsPatch, AlertView } from '../../playlists/api/alerts.ts';
import { iso } from '../../playlists/api/common.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import { NotFound, noSuch } from '../errors.ts';
import type { AlertRow, AlertWatchRow, DeliveryChannel, DeliveryRow } from '../store/alerts-repo.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import type { Door } from './door.ts';
import type { Events } from './events.ts';
import type { Mailer, WebhookSender } from './notify.ts';
import { createMailer, escapeHtml, fetchWebhook } from './notify.ts';

/** Where alerts go, from the environment (controller/config.ts); the settings page may override recipients, webhook and digest. */
export interface AlertOptions {
  smtpUrl?: string | null;
  emailFrom?: string | null;
  emailTo?: readonly string[];
  webhookUrl?: string | null;
  digest?: 'daily' | 'off';
  offlineMinutes?: number;
  /** A heartbeat younger than this is fresh (the status function's online threshold). */
  onlineMs?: number;
  /** The controller's public address, for the link to the board in each message. */
  publicUrl?: string;
  /** Instead of SMTP_URL (tests). */
  mailer?: Mailer | null;
  webhook?: WebhookSender;
  /** The jobs leave watching and sending (alerts and scheduled reports) to the caller (tests that drive the clock themselves). */
  manual?: boolean;
}

const SETTINGS_KEY = 'alert_settings';
const DIGEST_ZONE = 'Asia/Ho_Chi_Minh';
const DIGEST_HOUR = 7;
/** A digest not sent by 13:00 (the controller was down all morning) is skipped: its alerts are old news. */
const DIGEST_LATEST_MS = 6 * 3_600_000;
/** Retries wait 30 s, 1 min, 2 min… up to an hour; after three days a delivery is given up (and shows so). */
const RETRY_FIRST_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;
const GIVE_UP_MS = 3 * 86_400_000;
/** While an attempt runs it is marked as taken for this long: a process that dies mid-send retries after it, once. */
const ATTEMPT_LEASE_MS = 5 * 60_000;

interface StoredSettings {
  emailTo?: string[];
  webhookUrl?: string;
  digest?: 'daily' | 'off';
}

interface Effective {
  emailTo: string[];
  webhookUrl: string | null;
  digest: 'daily' | 'off';
  overridden: { emailTo: boolean; webhookUrl: boolean; digest: boolean };
}

export function retryDelay(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1));
}

type AlertsStore = Pick<Store, 'alerts' | 'manifests' | 'getState' | 'setState'>;

export class AlertsService {
  /** When this controller started: silence before it is not counted (a restart raises no alert). */
  readonly startedAt: number;
  /** The mailer (null without SMTP_URL), for whoever else sends mail (scheduled reports). */
  readonly mailer: Mailer | null;
  /** The watch, delivery and digest jobs do nothing: the caller runs them (tests). */
  readonly manual: boolean;
  private readonly webhook: WebhookSender;
  private readonly manifests = new Map<string, { version: string; manifest: Manifest | null }>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: AlertsStore & Pick<Store, 'transaction'>,
    private readonly door: Door,
    private readonly events: Events,
    private readonly now: () => number,
    private readonly opts: AlertOptions = {},
  ) {
    this.startedAt = now();
    this.mailer = opts.mailer !== undefined ? opts.mailer : opts.smtpUrl && opts.emailFrom ? createMailer({ smtpUrl: opts.smtpUrl, from: opts.emailFrom }) : null;
    this.webhook = opts.webhook ?? fetchWebhook;
    this.manual = opts.manual ?? false;
  }

  private get defaultMinutes(): number {
    return this.opts.offlineMinutes ?? DEFAULT_ALERT_RULES.offlineMs / 60_000;
  }

  // ---- Watching ----

  /**
   * Looks at every board once: the machine's step for each, then in one transaction its new
   * state, the alerts it opens and closes, and their deliveries. Announces each alert (/ops).
   */
  async evaluate(): Promise<{ boards: number; opened: number; closed: number }> {
    const now = this.now();
    const rows = await this.store.alerts.watchRows();
    await this.refreshManifests(rows);
    const present = new Set(rows.map((r) => r.id));
    const touched: number[] = [];
    let opened = 0;
    let closed = 0;
    // The machine's last state is read and its next one written in one transaction: two passes
    // at once can never both open (or close) the same alert.
    await this.store.transaction(async (tx) => {
      const repo = tx.alerts;
      const saved = await repo.machineStates();
      const open = await repo.openAlerts();
      const openByBoard = new Map<string, AlertRow[]>();
      for (const a of open) if (isBoardKind(a.kind)) openByBoard.set(a.boardId, [...(openByBoard.get(a.boardId) ?? []), a]);
      const settings = await this.effective(tx);
      const changed: [string, string][] = [];
      const raised: { row: AlertWatchRow; event: AlertEvent }[] = [];
      for (const row of rows) {
        const before = saved.get(row.id);
        const prev: BoardAlertState | null = before ? (JSON.parse(before) as BoardAlertState) : openByBoard.has(row.id) ? stateFromOpenAlerts(openByBoard.get(row.id)!) : null;
        const { state, events } = stepAlerts(prev, this.observe(row, now), { ...DEFAULT_ALERT_RULES, onlineMs: this.opts.onlineMs ?? DEFAULT_ALERT_RULES.onlineMs, offlineMs: (row.offlineAlertMinutes ?? this.defaultMinutes) * 60_000 });
        const json = JSON.stringify(state);
        if (json !== before) changed.push([row.id, json]);
        for (const event of events) raised.push({ row, event });
      }
      await repo.saveMachineStates(changed);
      for (const { row, event } of raised) {
        const text = describe(event.kind, event.type, event.detail, { name: row.name, timeZone: row.timeZone, since: event.since, at: event.at });
        const id =
          event.type === 'open'
            ? await repo.open({ kind: event.kind, boardId: row.id, boardName: row.name, timeZone: row.timeZone, episode: event.episode, since: event.since, openedAt: event.at, detail: text.vi, detailEn: text.en, data: event.detail })
            : await repo.close(row.id, event.kind, event.episode, event.at, text.vi, text.en);
        if (id === null) continue;
        if (event.type === 'open') opened++;
        else closed++;
        touched.push(id);
        for (const channel of this.channels(settings)) await repo.enqueue({ alertId: id, event: event.type, channel, now });
      }
      // A deleted board's alerts end with it (quietly: nobody need be told about a board that is gone).
      for (const a of open) {
        if (present.has(a.boardId) || !isBoardKind(a.kind)) continue;
        const id = await repo.close(a.boardId, a.kind, a.episode, now, 'Bảng đã bị xoá.', 'The board was deleted.');
        if (id !== null) touched.push(id);
      }
    });
    for (const view of await this.views(touched)) this.events.emit('alert', view);
    return { boards: rows.length, opened, closed };
  }

  /** What the machine is told about one board now. */
  private observe(row: AlertWatchRow, now: number): Observation {
    const hb = row.heartbeat ? (JSON.parse(row.heartbeat) as { version?: string | null; slideId?: string | null; black?: boolean; lastError?: string | null }) : null;
    const manifest = this.manifests.get(row.id)?.manifest ?? null;
    const facts = manifest ? scheduleFacts(manifest, now, row.lastHeartbeatAt) : { scheduledDark: false, expected: null };
    return {
      now,
      controllerStartedAt: this.startedAt,
      lastHeartbeatAt: row.lastHeartbeatAt,
      heartbeat: hb ? { version: hb.version ?? null, slideId: hb.slideId ?? null, black: hb.black === true, lastError: hb.lastError ?? null } : null,
      manifest: row.manifestVersion !== null && row.manifestGeneratedAt !== null ? { version: row.manifestVersion, generatedAt: row.manifestGeneratedAt } : null,
      scheduledDark: facts.scheduledDark,
      // Only the version the player runs can be compared with the schedule.
      expected: manifest && manifest.version === hb?.version ? facts.expected : null,
    };
  }

  /** Keeps the parsed current manifest of every board, reading again (in one query) only those whose version moved. */
  private async refreshManifests(rows: AlertWatchRow[]): Promise<void> {
    const stale = new Set(rows.filter((r) => r.manifestVersion !== null && this.manifests.get(r.id)?.version !== r.manifestVersion).map((r) => r.id));
    const present = new Set(rows.map((r) => r.id));
    for (const id of this.manifests.keys()) if (!present.has(id)) this.manifests.delete(id);
    for (const r of rows) if (r.manifestVersion === null) this.manifests.delete(r.id);
    if (!stale.size) return;
    const read = await this.store.manifests.latestMany([...stale]);
    for (const r of rows) {
      if (!stale.has(r.id)) continue;
      // None read: a manifest of an older schema, known by its version but with nothing to compare.
      const m = read.get(r.id);
      this.manifests.set(r.id, { version: m?.version ?? r.manifestVersion!, manifest: m ?? null });
    }
  }

  private channels(s: Effective): DeliveryChannel[] {
    const out: DeliveryChannel[] = [];
    if (this.mailer && s.emailTo.length && s.digest === 'off') out.push('email');
    if (s.webhookUrl) out.push('webhook');
    return out;
  }

  // ---- Reading ----

  async list(f: { open?: boolean | undefined; boardId?: string | undefined; kind?: AlertKind | undefined; before?: number | undefined; limit: number }): Promise<AlertView[]> {
    return await this.toViews(await this.store.alerts.list(f));
  }

  /** The alerts open now (the /ops namespace sends them on connect). */
  async openAlerts(): Promise<AlertView[]> {
    return await this.toViews(await this.store.alerts.openAlerts());
  }

  private async views(ids: number[]): Promise<AlertView[]> {
    const rows: AlertRow[] = [];
    for (const id of ids) {
      const a = await this.store.alerts.get(id);
      if (a) rows.push(a);
    }
    return await this.toViews(rows);
  }

  private async toViews(rows: AlertRow[]): Promise<AlertView[]> {
    const deliveries = new Map<number, DeliveryRow[]>();
    for (const d of await this.store.alerts.deliveriesOf(rows.map((r) => r.id))) deliveries.set(d.alertId!, [...(deliveries.get(d.alertId!) ?? []), d]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      boardId: r.boardId,
      boardName: r.boardName,
      timeZone: r.timeZone,
      episode: r.episode,
      since: iso(r.since),
      openedAt: iso(r.openedAt),
      closedAt: iso(r.closedAt),
      detail: r.detail,
      detailEn: r.detailEn,
      closeDetail: r.closeDetail,
      closeDetailEn: r.closeDetailEn,
      deliveries: (deliveries.get(r.id) ?? []).map((d) => ({ channel: d.channel, event: d.event, attempts: d.attempts, deliveredAt: iso(d.deliveredAt), abandonedAt: iso(d.abandonedAt), lastError: d.lastError })),
    }));
  }

  // ---- Settings ----

  /** `st` is the transaction's store when called inside one. */
  private async stored(st: AlertsStore = this.store): Promise<StoredSettings> {
    const raw = await st.getState(SETTINGS_KEY);
    try {
      return raw ? (JSON.parse(raw) as StoredSettings) : {};
    } catch {
      return {};
    }
  }

  private async effective(st: AlertsStore = this.store): Promise<Effective> {
    const s = await this.stored(st);
    return {
      emailTo: s.emailTo ?? [...(this.opts.emailTo ?? [])],
      webhookUrl: s.webhookUrl !== undefined ? s.webhookUrl || null : (this.opts.webhookUrl ?? null),
      digest: s.digest ?? this.opts.digest ?? 'off',
      overridden: { emailTo: s.emailTo !== undefined, webhookUrl: s.webhookUrl !== undefined, digest: s.digest !== undefined },
    };
  }

  async settings(st: AlertsStore = this.store): Promise<AlertSettings> {
    const e = await this.effective(st);
    return {
      emailTo: e.emailTo,
      webhookUrl: e.webhookUrl,
      digest: e.digest,
      offlineMinutes: this.defaultMinutes,
      smtpConfigured: this.mailer !== null,
      overridden: e.overridden,
      boards: (await st.alerts.offlineDelays()).map((b) => ({ boardId: b.boardId, boardName: b.boardName, offlineAlertMinutes: b.minutes })),
    };
  }

  async updateSettings(actor: Actor, patch: AlertSettingsPatch): Promise<AlertSettings> {
    return await this.door.pass(actor, 'reports.manage', async (tx) => {
      const before = await this.effective(tx);
      const next = await this.stored(tx);
      if (patch.emailTo !== undefined) {
        if (patch.emailTo === null) delete next.emailTo;
        else next.emailTo = [...new Set(patch.emailTo.map((a) => a.trim().toLowerCase()))];
      }
      if (patch.webhookUrl !== undefined) {
        if (patch.webhookUrl === null) delete next.webhookUrl;
        else next.webhookUrl = patch.webhookUrl;
      }
      if (patch.digest !== undefined) {
        if (patch.digest === null) delete next.digest;
        else next.digest = patch.digest;
      }
      await tx.setState(SETTINGS_KEY, JSON.stringify(next));
      const after = await this.effective(tx);
      // A webhook address often carries a chat bot's secret: the audit trail keeps its host only.
      const audited = (e: Effective) => ({ emailTo: e.emailTo, webhook: e.webhookUrl ? redactUrl(e.webhookUrl) : null, digest: e.digest });
      return { action: 'alerts.settings', target: { kind: 'settings', id: 'alerts' }, before: audited(before), after: audited(after), result: await this.settings(tx) };
    });
  }

  async setOfflineDelay(actor: Actor, boardId: string, minutes: number | null): Promise<{ boardId: string; offlineAlertMinutes: number | null; effectiveMinutes: number }> {
    return await this.door.pass(actor, 'reports.manage', async (tx) => {
      const before = await tx.alerts.offlineDelay(boardId);
      if (!before) throw new NotFound(noSuch('board', boardId));
      await tx.alerts.setOfflineDelay(boardId, minutes);
      return {
        action: 'alerts.delay',
        target: { kind: 'board', id: boardId },
        before: { offlineAlertMinutes: before.minutes },
        after: { offlineAlertMinutes: minutes },
        result: { boardId, offlineAlertMinutes: minutes, effectiveMinutes: minutes ?? this.defaultMinutes },
      };
    });
  }

  // ---- Delivering ----

  /**
   * Sends every delivery whose time has come; a failure is kept with a later retry. Calls are
   * queued one after another (never two sends of the same delivery at once).
   */
  deliverDue(): Promise<{ sent: number; failed: number }> {
    const run = this.chain.then(() => this.deliverPass());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no delivery is running (the app waits for it when it closes). */
  async idle(): Promise<void> {
    await this.chain;
  }

  private async deliverPass(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    const repo = this.store.alerts;
    // Each delivery is tried at most once a pass, whatever its next attempt says.
    const tried = new Set<number>();
    for (;;) {
      const due = (await repo.due(this.now(), 50)).filter((d) => !tried.has(d.id));
      if (!due.length) break;
      for (const d of due) {
        tried.add(d.id);
        const at = this.now();
        if (!(await repo.attempt(d.id, at, at + ATTEMPT_LEASE_MS))) continue;
        try {
          await this.send(d);
          await repo.delivered(d.id, this.now());
          sent++;
        } catch (err) {
          failed++;
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof Undeliverable || at - d.createdAt >= GIVE_UP_MS) await repo.abandon(d.id, message, at);
          else await repo.failed(d.id, message, at + retryDelay(d.attempts + 1));
        }
      }
    }
    return { sent, failed };
  }

  private async send(d: DeliveryRow): Promise<void> {
    const settings = await this.effective();
    if (d.event === 'digest') {
      if (!this.mailer || !settings.emailTo.length) throw new Undeliverable('no mail server or no recipients');
      const mail = await this.digestMail(d.digestDay);
      if (mail) await this.mailer.sendMail({ to: settings.emailTo, ...mail, messageId: `<ledgate-digest-${d.digestDay}@ledgate>` });
      return;
    }
    const alert = d.alertId === null ? undefined : await this.store.alerts.get(d.alertId);
    if (!alert) throw new Undeliverable('the alert is gone');
    const msg = alertMessage(alert, d.event, this.alertUrl(alert));
    if (d.channel === 'email') {
      if (!this.mailer || !settings.emailTo.length) throw new Undeliverable('no mail server or no recipients');
      await this.mailer.sendMail({ to: settings.emailTo, subject: msg.subject, text: msg.text, html: msg.html, messageId: `<ledgate-alert-${alert.id}-${d.event}@ledgate>` });
    } else {
      if (!settings.webhookUrl) throw new Undeliverable('no webhook');
      await this.webhook.post(settings.webhookUrl, msg.webhook, { 'idempotency-key': `ledgate-alert-${alert.id}-${d.event}` });
    }
  }

  /** Where to look: the board, or the reports page for a scheduled report that failed. */
  private alertUrl(a: Pick<AlertRow, 'kind' | 'boardId'>): string {
    const base = (this.opts.publicUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
    return a.kind === 'report-failed' ? `${base}/reports` : `${base}/boards/${encodeURIComponent(a.boardId)}`;
  }

  // ---- Alerts that are no board's: a scheduled report that failed ----

  /**
   * Opens the alert of a failing scheduled report (once per run of failures: later failures of the
   * same run change nothing), queued to the alerts' own channels like any other. It is stored as
   * the alert of a pseudo-board `report:<schedule id>` named after the schedule.
   */
  async openReportFailure(s: { scheduleId: string; name: string; timeZone: string; error: string; since: number }): Promise<boolean> {
    const now = this.now();
    const subject = reportSubject(s.scheduleId);
    let id: number | null = null;
    await this.store.transaction(async (tx) => {
      const repo = tx.alerts;
      if ((await repo.openOf(subject, 'report-failed')).length) return;
      const at = localTime(s.since, s.timeZone);
      id = await repo.open({
        kind: 'report-failed',
        boardId: subject,
        boardName: s.name,
        timeZone: s.timeZone,
        episode: String(s.since),
        since: s.since,
        openedAt: now,
        detail: `Không gửi được báo cáo định kỳ "${s.name}" (lần chạy lúc ${at}): ${s.error}. Hệ thống sẽ tự thử lại.`,
        detailEn: `The scheduled report "${s.name}" could not be sent (run at ${at}): ${s.error}. It will be retried.`,
        data: { scheduleId: s.scheduleId, error: s.error },
      });
      if (id !== null) for (const channel of this.channels(await this.effective(tx))) await repo.enqueue({ alertId: id, event: 'open', channel, now });
    });
    if (id === null) return false;
    for (const view of await this.views([id])) this.events.emit('alert', view);
    return true;
  }

  /** Closes it when a run succeeds again (or the schedule is deleted, quietly). */
  async closeReportFailure(scheduleId: string, o: { name: string; timeZone: string; quiet?: boolean }): Promise<boolean> {
    const now = this.now();
    const subject = reportSubject(scheduleId);
    const touched: number[] = [];
    await this.store.transaction(async (tx) => {
      const repo = tx.alerts;
      for (const a of await repo.openOf(subject, 'report-failed')) {
        const at = localTime(now, o.timeZone);
        const text = o.quiet
          ? { vi: 'Lịch gửi báo cáo đã bị xoá.', en: 'The report schedule was deleted.' }
          : { vi: `Báo cáo định kỳ "${o.name}" đã gửi được lúc ${at}.`, en: `The scheduled report "${o.name}" was sent at ${at}.` };
        const id = await repo.close(subject, 'report-failed', a.episode, now, text.vi, text.en);
        if (id === null) continue;
        touched.push(id);
        if (!o.quiet) for (const channel of this.channels(await this.effective(tx))) await repo.enqueue({ alertId: id, event: 'close', channel, now });
      }
    });
    for (const view of await this.views(touched)) this.events.emit('alert', view);
    return touched.length > 0;
  }

  // ---- The daily digest ----

  /**
   * With ALERT_DIGEST=daily, once a day after 07:00 (Asia/Ho_Chi_Minh): a summary of the alerts
   * of the 24 hours before, in one mail instead of one each. Queued once per day; returns the day
   * queued, if any.
   */
  async queueDigest(): Promise<string | null> {
    const settings = await this.effective();
    if (settings.digest !== 'daily' || !this.mailer || !settings.emailTo.length) return null;
    const now = this.now();
    const { day, from, to } = digestWindow(now);
    if (now - to >= DIGEST_LATEST_MS) return null;
    if (!(await this.store.alerts.forDigest(from, to)).length) return null;
    return await this.store.alerts.enqueue({ alertId: null, event: 'digest', channel: 'email', digestDay: day, now }) ? day : null;
  }

  private async digestMail(day: string): Promise<{ subject: string; text: string; html: string } | null> {
    const to = DateTime.fromISO(day, { zone: DIGEST_ZONE }).set({ hour: DIGEST_HOUR }).toMillis();
    const from = to - 86_400_000;
    const alerts = await this.store.alerts.forDigest(from, to);
    if (!alerts.length) return null;
    const dayText = DateTime.fromMillis(from, { zone: DIGEST_ZONE }).toFormat('dd/MM/yyyy');
    const stillOpen = alerts.filter((a) => a.closedAt === null || a.closedAt >= to);
    const lineVi = (a: AlertRow) =>
      `- ${localTime(a.openedAt, a.timeZone)} ${KIND_TEXT[a.kind].vi}: ${a.detail}${a.closedAt !== null && a.closedAt < to ? ` — ${a.closeDetail ?? 'đã hết'}` : ' — CHƯA HẾT'}\n  ${this.alertUrl(a)}`;
    const lineEn = (a: AlertRow) =>
      `- ${localTime(a.openedAt, a.timeZone)} ${KIND_TEXT[a.kind].en}: ${a.detailEn}${a.closedAt !== null && a.closedAt < to ? ` — ${a.closeDetailEn ?? 'over'}` : ' — STILL OPEN'}\n  ${this.alertUrl(a)}`;
    const subject = `[LEDGate] Tóm tắt cảnh báo 24 giờ đến 07:00 ${DateTime.fromMillis(to, { zone: DIGEST_ZONE }).toFormat('dd/MM/yyyy')} (${alerts.length}, ${stillOpen.length} chưa hết) · Alert digest (${alerts.length}, ${stillOpen.length} still open)`;
    const text = [
      `Cảnh báo từ 07:00 ngày ${dayText} đến 07:00 hôm nay: ${alerts.length}, trong đó ${stillOpen.length} chưa hết.`,
      '',
      ...alerts.map(lineVi),
      '',
      '---',
      `Alerts from 07:00 on ${dayText} to 07:00 today: ${alerts.length}, of which ${stillOpen.length} still open.`,
      '',
      ...alerts.map(lineEn),
      '',
      `LEDGate · ${this.opts.publicUrl ?? ''}`,
    ].join('\n');
    return { subject, text, html: textToHtml(text) };
  }
}

/** A delivery that can never succeed as things are (no channel configured any more): given up at once. */
class Undeliverable extends Error {}

/** The digest due at `now`: the local day of the last 07:00 passed, and the 24 hours before it. */
export function digestWindow(now: number): { day: string; from: number; to: number } {
  const local = DateTime.fromMillis(now, { zone: DIGEST_ZONE });
  let due = local.set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (local < due) due = due.minus({ days: 1 });
  return { day: due.toISODate()!, from: due.minus({ days: 1 }).toMillis(), to: due.toMillis() };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '…';
  }
}

// ---- Words ----

export const KIND_TEXT: Record<AlertKind, { vi: string; en: string; closedVi: string; closedEn: string }> = {
  offline: { vi: 'Mất kết nối', en: 'Offline', closedVi: 'Đã kết nối lại', closedEn: 'Back online' },
  'off-schedule': { vi: 'Không phát đúng lịch', en: 'Off schedule', closedVi: 'Đúng lịch trở lại', closedEn: 'Back on schedule' },
  'manifest-pending': { vi: 'Chưa nhận lịch mới', en: 'New schedule not taken', closedVi: 'Đã nhận lịch mới', closedEn: 'New schedule taken' },
  'player-error': { vi: 'Trình phát báo lỗi', en: 'Player error', closedVi: 'Hết lỗi trình phát', closedEn: 'Player error over' },
  'report-failed': { vi: 'Không gửi được báo cáo', en: 'Report not sent', closedVi: 'Đã gửi được báo cáo', closedEn: 'Report sent' },
};

/** The pseudo-board a scheduled report's alert is stored under. */
export function reportSubject(scheduleId: string): string {
  return `report:${scheduleId}`;
}

/** dd/mm/yyyy HH:mm on the board's clock. */
export function localTime(t: number, zone: string): string {
  const d = DateTime.fromMillis(t, { zone });
  return (d.isValid ? d : DateTime.fromMillis(t, { zone: DIGEST_ZONE })).toFormat('dd/MM/yyyy HH:mm');
}

function duration(ms: number): { vi: string; en: string } {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return {
    vi: h ? `${h} giờ${m ? ` ${m} phút` : ''}` : `${m} phút`,
    en: h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`,
  };
}

const shortVersion = (v: string | null | undefined) => (v ? v.slice(0, 8) : '—');

/** What happened, in Vietnamese and English: the board, what, since when (its own clock). */
export function describe(kind: BoardAlertKind, type: 'open' | 'close', d: AlertDetail, b: { name: string; timeZone: string; since: number; at: number }): { vi: string; en: string } {
  const since = localTime(b.since, b.timeZone);
  const at = localTime(b.at, b.timeZone);
  const name = `"${b.name}"`;
  switch (kind) {
    case 'offline': {
      if (type === 'open') return { vi: `Bảng ${name} mất kết nối: không nhận được tín hiệu từ trình phát từ ${since}.`, en: `Board ${name} is offline: no heartbeat from its player since ${since}.` };
      const back = d.backSince ?? b.at;
      const dur = duration(back - b.since);
      const backAt = localTime(back, b.timeZone);
      return { vi: `Bảng ${name} đã kết nối lại từ ${backAt} (mất tín hiệu từ ${since}, khoảng ${dur.vi}).`, en: `Board ${name} is back online since ${backAt} (silent since ${since}, for about ${dur.en}).` };
    }
    case 'off-schedule': {
      if (type === 'close') return { vi: `Bảng ${name} phát đúng lịch trở lại lúc ${at}.`, en: `Board ${name} is back on its schedule at ${at}.` };
      const shownVi = d.shownBlack ? 'màn hình đen' : `trang "${d.shownSlideId ?? '?'}"`;
      const shownEn = d.shownBlack ? 'a black screen' : `slide "${d.shownSlideId ?? '?'}"`;
      const ids = d.expected?.slideIds ?? [];
      const expVi = [...ids.map((s) => `trang "${s}"`), ...(d.expected?.black ? ['màn hình đen'] : [])].join(' hoặc ') || '?';
      const expEn = [...ids.map((s) => `slide "${s}"`), ...(d.expected?.black ? ['a black screen'] : [])].join(' or ') || '?';
      return { vi: `Bảng ${name} không phát đúng lịch từ ${since}: trình phát báo đang hiện ${shownVi}, theo lịch phải là ${expVi}.`, en: `Board ${name} is off its schedule since ${since}: its player shows ${shownEn}, the schedule has ${expEn}.` };
    }
    case 'manifest-pending':
      if (type === 'close') return { vi: `Bảng ${name} đã nhận lịch phát mới lúc ${at}.`, en: `Board ${name} took its new schedule at ${at}.` };
      return {
        vi: `Bảng ${name} chưa nhận lịch phát mới từ ${since}: trình phát vẫn chạy bản ${shortVersion(d.playingVersion)}, bản hiện hành là ${shortVersion(d.expectedVersion)}.`,
        en: `Board ${name} has not taken its new schedule since ${since}: its player still runs version ${shortVersion(d.playingVersion)}, the current one is ${shortVersion(d.expectedVersion)}.`,
      };
    case 'player-error':
      if (type === 'close') {
        const last = localTime(d.lastErrorAt ?? b.since, b.timeZone);
        return { vi: `Trình phát của bảng ${name} không báo lỗi mới nào từ ${last} (đến ${at}).`, en: `The player of board ${name} has reported no new error since ${last} (as of ${at}).` };
      }
      return { vi: `Trình phát của bảng ${name} báo lỗi lúc ${since}: ${d.error ?? ''}`, en: `The player of board ${name} reported an error at ${since}: ${d.error ?? ''}` };
  }
}

/** One alert's opening or closing as a mail (Vietnamese first, English below) and as a webhook's JSON. */
export function alertMessage(a: AlertRow, event: 'open' | 'close', url: string): { subject: string; text: string; html: string; webhook: unknown } {
  const k = KIND_TEXT[a.kind];
  const vi = event === 'open' ? a.detail : (a.closeDetail ?? a.detail);
  const en = event === 'open' ? a.detailEn : (a.closeDetailEn ?? a.detailEn);
  const subject = event === 'open' ? `[LEDGate] ${k.vi}: ${a.boardName} · ${k.en}: ${a.boardName}` : `[LEDGate] ${k.closedVi}: ${a.boardName} · ${k.closedEn}: ${a.boardName}`;
  const see = a.kind === 'report-failed' ? { vi: 'Xem báo cáo', en: 'See the reports' } : { vi: 'Xem bảng', en: 'See the board' };
  const text = [vi, '', `${see.vi}: ${url}`, '', '---', en, '', `${see.en}: ${url}`].join('\n');
  const html = [
    `<p>${escapeHtml(vi)}</p>`,
    `<p>${see.vi}: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    '<hr>',
    `<p lang="en">${escapeHtml(en)}</p>`,
    `<p lang="en">${see.en}: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
  ].join('\n');
  const webhook = {
    id: a.id,
    kind: a.kind,
    event,
    board: { id: a.boardId, name: a.boardName },
    since: iso(a.since),
    openedAt: iso(a.openedAt),
    closedAt: iso(a.closedAt),
    detail: vi,
    detailEn: en,
    url,
  };
  return { subject, text, html, webhook };
}

function textToHtml(text: string): string {
  return `<pre style="font-family: inherit; white-space: pre-wrap">${escapeHtml(text)}</pre>`;
}
