// Which boards an emergency or blackout reaches — all of them, or the named boards and the members
// of the named groups — as the controller works it out (services/schedule.ts boardsOf), here from
// the live board list so the count of boards that show it moves as their players report.
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Group, OverrideTargets } from '@playlists/schedule.ts';

export type TargetMode = 'all' | 'groups' | 'boards';

export function reachedBoards(targets: Pick<OverrideTargets, 'all' | 'boardIds' | 'groupIds'>, boards: readonly BoardStatus[], groups: readonly Group[]): BoardStatus[] {
  if (targets.all) return [...boards];
  const ids = new Set(targets.boardIds);
  for (const g of groups) if (targets.groupIds.includes(g.id)) for (const b of g.boardIds) ids.add(b);
  return boards.filter((b) => ids.has(b.id));
}

/** The targets a form's choice stands for. */
export function targetsOf(mode: TargetMode, boardIds: string[], groupIds: string[]): OverrideTargets {
  return mode === 'all' ? { all: true, boardIds: [], groupIds: [] } : mode === 'groups' ? { all: false, boardIds: [], groupIds } : { all: false, boardIds, groupIds: [] };
}
