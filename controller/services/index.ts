// Wires the use cases over one store: what routes, realtime, jobs and the CLI call. The store
// itself is not handed out: every change passes the door (services/door.ts), and each service
// gets only the repositories it needs.
import type { LiveThresholds } from '../../playlists/board-state.ts';
import { DEFAULT_THRESHOLDS } from '../../playlists/board-state.ts';
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import { AlertsService } from './alerts.ts';
import type { AlertOptions } from './alerts.ts';
import { AuditService } from './audit.ts';
import type { Actor } from './actor.ts';
import { AuthService, DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_MS } from './auth.ts';
import { BoardsService } from './boards.ts';
import { bootstrapIfFresh } from './bootstrap.ts';
import type { FirstStart } from './bootstrap.ts';
import { importCampaignFile } from './campaign-import.ts';
import { ChangesService } from './changes.ts';
import { Publisher } from './compile.ts';
import { ContentService } from './content.ts';
import { Door } from './door.ts';
import { Events } from './events.ts';
import { MaintenanceService } from './maintenance.ts';
import { PairingService } from './pairing.ts';
import { ReportSchedulesService } from './report-schedules.ts';
import { ReportsService } from './reports.ts';
import { ScheduleService } from './schedule.ts';
import { SettingsService } from './settings.ts';
import { StatusHistory } from './status-history.ts';
import { TelemetryService } from './telemetry.ts';
import { UsersService } from './users.ts';

export interface Services {
  events: Events;
  /** Rendered images and pictures on disk, for serving them (read only). */
  renditions: Renditions;
  auth: AuthService;
  users: UsersService;
  settings: SettingsService;
  boards: BoardsService;
  content: ContentService;
  schedule: ScheduleService;
  changes: ChangesService;
  pairing: PairingService;
  telemetry: TelemetryService;
  /** Each board's status over time (reports' hours online, offline and dark). */
  history: StatusHistory;
  reports: ReportsService;
  /** Reports mailed on a schedule (monthly, weekly, daily), retried until sent. */
  reportSchedules: ReportSchedulesService;
  /** Alerts: boards gone dark and other trouble, told to operators (web app, mail, webhook). */
  alerts: AlertsService;
  /** Sends mail (SMTP_URL); null when no mail server is configured. For alerts and scheduled reports. */
  mailer: AlertsService['mailer'];
  publisher: Publisher;
  audit: AuditService;
  maintenance: MaintenanceService;
  campaigns: { importFile(actor: Actor, file: string): Promise<{ slides: number; playlists: number; boards: number }> };
  /** Whether the database answers now (the readiness check a load balancer asks). */
  databaseAnswers(): Promise<boolean>;
  /** First start on a fresh database (idempotent). */
  firstStart(): Promise<FirstStart | null>;
  now: () => number;
}

export interface ServiceOptions {
  /** This process pushes manifests to players (a controller); false for the CLI, whose saves the running controller pushes. */
  announces?: boolean;
  sessionIdleMs?: number;
  sessionMaxMs?: number;
  /** Raw proof of play is kept this many days (rollups for good). */
  popRetentionDays?: number;
  /** When a silent board is stale, then offline (the one status function's thresholds). */
  liveThresholds?: LiveThresholds;
  /** Where alerts go (config.alerts and the public address). */
  alerts?: AlertOptions;
}

export function createServices(store: Store, renditions: Renditions, now: () => number = Date.now, opts: ServiceOptions = {}): Services {
  const events = new Events();
  const door = new Door(store, events, now);
  const sessionIdleMs = opts.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const auth = new AuthService(store, door, events, now, { sessionIdleMs, sessionMaxMs: opts.sessionMaxMs ?? DEFAULT_SESSION_MAX_MS });
  const settings = new SettingsService(store, door);
  const publisher = new Publisher(store, renditions, events, now, opts.announces ?? true);
  const changes = new ChangesService(store, door, settings, publisher, now);
  const content = new ContentService(store, renditions, changes, door, now);
  const schedule = new ScheduleService(store, content, changes, publisher, door, now);
  const thresholds = opts.liveThresholds ?? DEFAULT_THRESHOLDS;
  const history = new StatusHistory(store, now, thresholds);
  const alerts = new AlertsService(store, door, events, now, { onlineMs: thresholds.onlineMs, ...opts.alerts });
  const reports = new ReportsService(store, door, now, opts.popRetentionDays);
  return {
    events,
    renditions,
    auth,
    users: new UsersService(store, door, auth, events, now),
    settings,
    boards: new BoardsService(store, renditions, content, changes, publisher, door, events, now, thresholds),
    content,
    schedule,
    changes,
    pairing: new PairingService(store, door, events, now),
    telemetry: new TelemetryService(store, publisher, events, history, now),
    history,
    reports,
    reportSchedules: new ReportSchedulesService(store, door, reports, alerts, alerts.mailer, now),
    alerts,
    mailer: alerts.mailer,
    publisher,
    audit: new AuditService(store),
    maintenance: new MaintenanceService(store, renditions, door, now, sessionIdleMs),
    campaigns: { importFile: (actor, file) => importCampaignFile(actor, file, { store, door, publisher, renditions, content, now }) },
    databaseAnswers: () => store.ping(),
    firstStart: () => bootstrapIfFresh({ store, door, publisher, now }),
    now,
  };
}
