// Sessions and checkpoints, persisted in LanceDB next to the memories so history survives
// restarts and is shared by every server process on the data dir.
import { createHash } from 'node:crypto';
import * as arrow from 'apache-arrow';
import type * as lancedb from '@lancedb/lancedb';
import type { CommitStatus } from '../../protocol/session-schemas.js';
import type { Logger } from '../log.js';
import { sqlString } from '../memory/sql.js';
import { connect, connectExisting, f64, numOrNull, openTable, rows, str, strOrNull, time, ts, utf8 } from '../storage/tables.js';


export const sessionsSchema = new arrow.Schema([
  utf8('id'),
  utf8('project'),
  utf8('workspace'),
  // "open:<hash of project and workspace>" while open, "closed:<id>" after: one open session per slot.
  utf8('slot'),
  ts('started_at'),
  ts('ended_at', true),
  f64('start_score'),
  f64('end_score', true),
  utf8('start_commit', true),
  utf8('start_report'),
  utf8('end_report', true),
  utf8('handoff', true),
  utf8('handoff_path', true),
]);

export const checkpointsSchema = new arrow.Schema([
  utf8('id'),
  utf8('session_id'),
  utf8('project'),
  utf8('workspace'),
  ts('created_at'),
  f64('score'),
  utf8('report'),
  utf8('trigger'),
  utf8('commit_status'),
  utf8('commit_hash', true),
  utf8('reflection_id', true),
]);

export interface SessionRow {
  id: string;
  project: string;
  workspace: string;
  started_at: number;
  ended_at: number | null;
  start_score: number;
  end_score: number | null;
  start_commit: string | null;
  start_report: string;
  end_report: string | null;
  handoff: string | null;
  handoff_path: string | null;
}

export interface CheckpointRow {
  id: string;
  session_id: string;
  project: string;
  workspace: string;
  created_at: number;
  score: number;
  report: string;
  trigger: 'manual' | 'auto';
  commit_status: CommitStatus;
  commit_hash: string | null;
  reflection_id: string | null;
}

export function slotOf(project: string, workspace: string): string {
  return `open:${createHash('sha256').update(`${project}\n${workspace}`).digest('hex').slice(0, 32)}`;
}

function toSession(r: Record<string, unknown>): SessionRow {
  return {
    id: str(r.id),
    project: str(r.project),
    workspace: str(r.workspace),
    started_at: time(r.started_at),
    ended_at: numOrNull(r.ended_at),
    start_score: Number(r.start_score),
    end_score: numOrNull(r.end_score),
    start_commit: strOrNull(r.start_commit),
    start_report: str(r.start_report),
    end_report: strOrNull(r.end_report),
    handoff: strOrNull(r.handoff),
    handoff_path: strOrNull(r.handoff_path),
  };
}

function toCheckpoint(r: Record<string, unknown>): CheckpointRow {
  return {
    id: str(r.id),
    session_id: str(r.session_id),
    project: str(r.project),
    workspace: str(r.workspace),
    created_at: time(r.created_at),
    score: Number(r.score),
    report: str(r.report),
    trigger: str(r.trigger) === 'auto' ? 'auto' : 'manual',
    commit_status: str(r.commit_status) as CommitStatus,
    commit_hash: strOrNull(r.commit_hash),
    reflection_id: strOrNull(r.reflection_id),
  };
}

const SCAN_MAX = 100_000;

export class SessionStore {
  private constructor(
    private readonly sessions: lancedb.Table,
    private readonly checkpoints: lancedb.Table,
  ) {}

  static async open(dataDir: string, log: Logger): Promise<SessionStore> {
    const db = await connect(dataDir);
    return new SessionStore(await openTable(db, 'sessions', sessionsSchema, log), await openTable(db, 'checkpoints', checkpointsSchema, log));
  }

  /** Opens existing tables without creating anything; throws when there are none. */
  static async openReadOnly(dataDir: string): Promise<SessionStore> {
    const db = await connectExisting(dataDir);
    return new SessionStore(await db.openTable('sessions'), await db.openTable('checkpoints'));
  }

  async openSession(project: string, workspace: string): Promise<SessionRow | null> {
    const found = (await rows(this.sessions.query().where(`slot = ${sqlString(slotOf(project, workspace))}`).limit(10))).map(toSession);
    found.sort((a, b) => a.started_at - b.started_at || a.id.localeCompare(b.id));
    return found[0] ?? null;
  }

  /** Inserts the session unless its slot already holds an open one; returns the open session. */
  async createSession(row: SessionRow): Promise<SessionRow> {
    const slot = slotOf(row.project, row.workspace);
    await this.sessions
      .mergeInsert('slot')
      .whenNotMatchedInsertAll()
      .execute([{ ...row, slot, started_at: new Date(row.started_at), ended_at: null }]);
    const open = await this.openSession(row.project, row.workspace);
    if (!open) throw new Error('the new session could not be read back');
    return open;
  }

  async closeSession(id: string, end: { ended_at: number; end_score: number; end_report: string; handoff: string; handoff_path: string }): Promise<void> {
    await this.sessions
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .execute([{ id, slot: `closed:${id}`, ...end, ended_at: new Date(end.ended_at) }]);
  }

  async get(id: string): Promise<SessionRow | null> {
    const r = await rows(this.sessions.query().where(`id = ${sqlString(id)}`).limit(1));
    return r[0] ? toSession(r[0]) : null;
  }

  /** The most recently ended session of the project (any workspace), if any. */
  async lastEnded(project: string): Promise<SessionRow | null> {
    const all = (await rows(this.sessions.query().where(`project = ${sqlString(project)} AND ended_at IS NOT NULL`).limit(SCAN_MAX))).map(toSession);
    all.sort((a, b) => (b.ended_at ?? 0) - (a.ended_at ?? 0));
    return all[0] ?? null;
  }

  async sessionsOf(project: string): Promise<SessionRow[]> {
    const all = (await rows(this.sessions.query().where(`project = ${sqlString(project)}`).limit(SCAN_MAX))).map(toSession);
    return all.sort((a, b) => a.started_at - b.started_at);
  }

  async addCheckpoint(row: CheckpointRow): Promise<void> {
    await this.checkpoints.add([{ ...row, created_at: new Date(row.created_at) }]);
  }

  /** Checkpoints of a session, oldest first. */
  async checkpointsOf(sessionId: string): Promise<CheckpointRow[]> {
    const all = (await rows(this.checkpoints.query().where(`session_id = ${sqlString(sessionId)}`).limit(SCAN_MAX))).map(toCheckpoint);
    return all.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  }

  /** Checkpoints of a project across sessions, oldest first. */
  async checkpointsOfProject(project: string): Promise<CheckpointRow[]> {
    const all = (await rows(this.checkpoints.query().where(`project = ${sqlString(project)}`).limit(SCAN_MAX))).map(toCheckpoint);
    return all.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  }

  close(): void {
    this.sessions.close();
    this.checkpoints.close();
  }
}
