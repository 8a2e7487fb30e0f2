// One door for every change. A service hands it the actor, the permission the change needs and
// a write; the door (1) checks the permission against the one table, (2) runs the write and
// appends its audit record in the same transaction, (3) announces the change once committed.
// Nothing else writes what staff, devices or jobs change.
import type { Action } from '../../playlists/permissions.ts';
import { Conflict } from '../errors.ts';
import type { AuditRow } from '../store/audit-repo.ts';
import type { Store } from '../store/index.ts';
import { StoreConflict } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { actorRecord, authorize } from './actor.ts';
import type { Events } from './events.ts';

export interface Change<T> {
  /** What happened, for the audit trail: "slide.draft", "change.approve", "device.revoke"… */
  action: string;
  target: { kind: string; id: string } | null;
  before?: unknown;
  after?: unknown;
  result: T;
}

export class Door {
  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  /**
   * Passes one change. `permission` is null only where the caller has no role to check (a failed
   * sign-in, a player redeeming its pairing link): the service has checked what applies instead.
   * The write runs inside the transaction and must read and write through the store it is given,
   * so the checks it makes there see what it writes and nothing changes in between.
   */
  async pass<T>(actor: Actor, permission: Action | null, write: (tx: Store) => Promise<Change<T>> | Change<T>): Promise<T> {
    if (permission) authorize(actor, permission);
    const { record, result } = await this.translate(() =>
      this.store.transaction(async (tx) => {
        const change = await write(tx);
        return { record: await this.append(tx, actor, change), result: change.result };
      }),
    );
    this.events.emit('audited', record);
    return result;
  }

  private async append(tx: Store, actor: Actor, change: Change<unknown>): Promise<AuditRow> {
    return await tx.audit.append({ at: this.now(), actor: actorRecord(actor), action: change.action, target: change.target, before: change.before, after: change.after });
  }

  /** A uniqueness or reference violation found by the database is a 409 that says what to do. */
  private async translate<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof StoreConflict) {
        throw new Conflict({
          vi: 'Xung đột với dữ liệu vừa được lưu (mã đã có, hoặc thứ nó tham chiếu không còn). Hãy tải lại rồi thử lại.',
          en: 'This conflicts with data saved meanwhile (an id exists already, or something it refers to is gone). Reload and try again.',
        });
      }
      throw e;
    }
  }

  /**
   * Like pass, for a write that may find nothing to do once inside the transaction (returns null):
   * then nothing is recorded and nothing announced. Returns whether it wrote.
   */
  async passIf(actor: Actor, permission: Action | null, write: (tx: Store) => Promise<Change<unknown> | null> | Change<unknown> | null): Promise<boolean> {
    if (permission) authorize(actor, permission);
    const record = await this.translate(() =>
      this.store.transaction(async (tx) => {
        const change = await write(tx);
        return change ? await this.append(tx, actor, change) : null;
      }),
    );
    if (record) this.events.emit('audited', record);
    return record !== null;
  }

  /** Records an event that changes no data of its own (a sign-in, a failed one). */
  async record(actor: Actor, action: string, target: Change<void>['target'], details?: unknown): Promise<void> {
    await this.pass(actor, null, () => ({ action, target, after: details, result: undefined }));
  }
}
