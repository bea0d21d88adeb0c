// Browsing memory without a query: groups by day, tag or file, and newest-first pages of a
// group, for the editor's Memories tree. Only the columns needed for grouping are scanned.
import type { GroupBy, ListMemoriesOutput, MemoryGroupsOutput } from '../../protocol/memory-schemas.js';
import type { MemoryKind } from '../../protocol/limits.js';
import { toMemoryItem } from './items.js';
import type { StoredMemory } from './schema.js';
import { filterClause } from './search.js';
import { and, sqlString, sqlTimestamp } from './sql.js';
import type { MemoryStore } from './store.js';
import { InputError, resolveScope } from './validate.js';

/** The group key of memories without any tag (or file). */
export const NO_GROUP = '';

const DAY_MS = 86_400_000;
const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);

export interface BrowseFilter {
  project?: string | undefined;
  kinds?: MemoryKind[] | undefined;
}

export class MemoryBrowser {
  constructor(
    private readonly store: MemoryStore,
    private readonly currentProject: string,
  ) {}

  private base(f: BrowseFilter): { scope: string | null; clause: string | undefined } {
    const scope = resolveScope(f.project, this.currentProject);
    return { scope, clause: filterClause({ scope, kinds: f.kinds }) };
  }

  async groups(groupBy: GroupBy, f: BrowseFilter): Promise<MemoryGroupsOutput> {
    const { scope, clause } = this.base(f);
    const column = groupBy === 'tag' ? 'tags' : groupBy === 'file' ? 'files' : null;
    const rows = await this.store.scan(column ? ['created_at', column] : ['created_at'], clause);
    const groups = new Map<string, { count: number; latest: number }>();
    let ungrouped = 0;
    for (const r of rows) {
      const t = r.created_at ?? 0;
      const keys = groupBy === 'day' ? [dayOf(t)] : ((groupBy === 'tag' ? r.tags : r.files) ?? []);
      if (keys.length === 0) ungrouped++;
      for (const k of keys) {
        const g = groups.get(k) ?? { count: 0, latest: 0 };
        g.count++;
        g.latest = Math.max(g.latest, t);
        groups.set(k, g);
      }
    }
    const list = [...groups].map(([key, g]) => ({ key, count: g.count, latest_at: new Date(g.latest).toISOString() }));
    list.sort(groupBy === 'day' ? (a, b) => b.key.localeCompare(a.key) : (a, b) => b.count - a.count || a.key.localeCompare(b.key));
    return { group_by: groupBy, scope: scope ?? 'all', total: rows.length, groups: list, ungrouped };
  }

  private groupClause(groupBy: GroupBy, group: string): string {
    if (groupBy === 'day') {
      const start = new Date(`${group}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(group) || Number.isNaN(start.getTime())) throw new InputError(`group must be a day like 2026-05-01 when grouping by day, got "${group}"`);
      return `created_at >= ${sqlTimestamp(start)} AND created_at < ${sqlTimestamp(new Date(start.getTime() + DAY_MS))}`;
    }
    const column = groupBy === 'tag' ? 'tags' : 'files';
    if (group === NO_GROUP) return `(array_length(${column}) IS NULL OR array_length(${column}) = 0)`;
    return `array_has(${column}, ${sqlString(group)})`;
  }

  async list(input: BrowseFilter & { group_by?: GroupBy | undefined; group?: string | undefined; offset: number; limit: number }): Promise<ListMemoriesOutput> {
    const { scope, clause } = this.base(input);
    if ((input.group_by === undefined) !== (input.group === undefined)) throw new InputError('group_by and group go together');
    const filter = and([clause, input.group_by && input.group !== undefined ? this.groupClause(input.group_by, input.group) : null]);
    const order = (await this.store.scan(['id', 'created_at'], filter)).sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0) || String(a.id).localeCompare(String(b.id)));
    const page = order.slice(input.offset, input.offset + input.limit).map((r) => String(r.id));
    const byId = new Map((await this.store.byIds(page)).map((r) => [r.id, r]));
    const items = page.map((id) => byId.get(id)).filter((r): r is StoredMemory => !!r).map((r) => toMemoryItem(r, 1));
    return { scope: scope ?? 'all', total: order.length, offset: input.offset, has_more: input.offset + input.limit < order.length, items };
  }
}
