// Session lifecycle: start, checkpoint, end and status, with persisted history.
import { randomUUID } from 'node:crypto';
import type { Diagnostics, QualityReport } from '../../protocol/quality-schemas.js';
import type {
  CheckpointInfo,
  CheckpointOutput,
  CommitMode,
  EndOutput,
  HandoffSummary,
  ScoreHistoryOutput,
  SessionInfo,
  StartOutput,
  StatusOutput,
} from '../../protocol/session-schemas.js';
import type { Logger } from '../log.js';
import type { MemoryService } from '../memory/memory-service.js';
import { InputError } from '../memory/validate.js';
import { checkpointCommit } from './checkpoint-commit.js';
import { checkpointReflectionText, qualityBandTag, reflectionReason } from './auto-reflection.js';
import { runGit } from './git.js';
import { durationMinutes, filesChangedSince, handoffSummary, renderHandoff, writeHandoffFile } from './handoff.js';
import type { CheckpointRow, SessionRow, SessionStore } from './session-store.js';
import { projectTag, resolveWorkspace, type Workspace } from './workspace.js';

export type ComputeQuality = (dir: string, opts?: { diagnostics?: Diagnostics }) => Promise<QualityReport>;
export type Progress = (step: number, total: number, message: string) => void;
const noProgress: Progress = () => undefined;

export interface LifecycleContext {
  project: string;
  projectRoot: string;
  dataDir: string;
}

const iso = (t: number): string => new Date(t).toISOString();

function sessionInfo(s: SessionRow): SessionInfo {
  return {
    id: s.id,
    project: s.project,
    workspace: s.workspace,
    started_at: iso(s.started_at),
    ended_at: s.ended_at === null ? null : iso(s.ended_at),
    start_score: s.start_score,
    end_score: s.end_score,
    start_commit: s.start_commit,
  };
}

function checkpointInfo(c: CheckpointRow, previous: number | null): CheckpointInfo {
  return {
    id: c.id,
    session_id: c.session_id,
    created_at: iso(c.created_at),
    score: c.score,
    delta: previous === null ? null : c.score - previous,
    commit_status: c.commit_status,
    commit_hash: c.commit_hash,
    reflection_id: c.reflection_id,
  };
}

function commitBody(session: SessionRow, report: QualityReport): string {
  const parts = report.parts.map((p) => `- ${p.label}: ${p.points}/${p.measured_max}${p.measured_max < p.max ? ` measured of ${p.max}` : ''}`).join('\n');
  return `Session: ${session.id}\nQuality: ${report.score}/100 (${report.band}), measured: ${report.measured_max} of 100 points\n\n${parts}`;
}

export class Lifecycle {
  // Calls on one workspace run one at a time: two checkpoints must not race on the git index.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: LifecycleContext,
    private readonly sessions: SessionStore,
    private readonly memory: MemoryService,
    private readonly computeQuality: ComputeQuality,
    private readonly log: Logger,
  ) {}

  private async serial<T>(ws: Workspace, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(ws.root) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(ws.root, settled);
    try {
      return await next;
    } finally {
      if (this.queues.get(ws.root) === settled) this.queues.delete(ws.root);
    }
  }

  private workspace(dir: string | undefined): Promise<Workspace> {
    return resolveWorkspace(dir, this.ctx);
  }

  private async headCommit(root: string): Promise<string | null> {
    const r = await runGit(root, ['rev-parse', '--verify', '-q', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : null;
  }

  private async previousHandoff(project: string): Promise<HandoffSummary | null> {
    const last = await this.sessions.lastEnded(project);
    if (!last || last.ended_at === null || !last.handoff) return null;
    const report = last.end_report ? (JSON.parse(last.end_report) as QualityReport) : null;
    const summary = last.handoff.split('\n').find((l) => l.startsWith('Session of')) ?? '';
    return {
      session_id: last.id,
      ended_at: iso(last.ended_at),
      end_score: last.end_score ?? 0,
      summary,
      recommendations: (report?.recommendations ?? []).slice(0, 3).map((r) => r.text),
      path: last.handoff_path,
    };
  }

  private async openOrCreate(ws: Workspace, report: QualityReport): Promise<{ session: SessionRow; created: boolean }> {
    const open = await this.sessions.openSession(ws.project, ws.root);
    if (open) return { session: open, created: false };
    const row: SessionRow = {
      id: randomUUID(),
      project: ws.project,
      workspace: ws.root,
      started_at: Date.now(),
      ended_at: null,
      start_score: report.score,
      end_score: null,
      start_commit: await this.headCommit(ws.root),
      start_report: JSON.stringify(report),
      end_report: null,
      handoff: null,
      handoff_path: null,
    };
    const session = await this.sessions.createSession(row);
    if (session.id === row.id) this.log.info(`session ${row.id} started for ${ws.project} at ${report.score}/100`);
    return { session, created: session.id === row.id };
  }

  async start(dir: string | undefined, progress: Progress = noProgress): Promise<StartOutput> {
    const ws = await this.workspace(dir);
    return this.serial(ws, async () => {
      progress(0, 3, 'analysing the project');
      const quality = await this.computeQuality(ws.root);
      progress(1, 3, 'opening the session');
      const { session, created } = await this.openOrCreate(ws, quality);
      progress(2, 3, 'reading the previous handoff');
      const previous_handoff = await this.previousHandoff(ws.project);
      progress(3, 3, 'done');
      return { session: sessionInfo(session), resumed: !created, quality, previous_handoff };
    });
  }

  async checkpoint(
    input: { working_directory?: string | undefined; commit: CommitMode; trigger: 'manual' | 'auto'; diagnostics?: Diagnostics | undefined },
    progress: Progress = noProgress,
  ): Promise<CheckpointOutput> {
    const ws = await this.workspace(input.working_directory);
    return this.serial(ws, async () => {
      progress(0, 4, 'analysing the project');
      const quality = await this.computeQuality(ws.root, input.diagnostics ? { diagnostics: input.diagnostics } : {});
      const { session, created } = await this.openOrCreate(ws, quality);
      const history = await this.sessions.checkpointsOf(session.id);
      const previous = history.length > 0 ? (history[history.length - 1]?.score ?? null) : created ? null : session.start_score;

      progress(1, 4, 'committing');
      const commit = await checkpointCommit({
        dir: ws.root,
        mode: input.commit,
        subject: `checkpoint: ${ws.project} (quality: ${quality.score}/100)`,
        body: commitBody(session, quality),
      });
      if (commit.status === 'hook-failed' || commit.status === 'failed') this.log.warn(`checkpoint commit ${commit.status}: ${commit.output ?? commit.reason}`);

      progress(2, 4, 'storing the checkpoint');
      const reason = reflectionReason(input.trigger, quality.score, previous);
      let reflectionId: string | null = null;
      if (reason !== 'routine') {
        const band = qualityBandTag(quality.score);
        const stored = await this.memory.storeMemory({
          kind: 'checkpoint',
          content: checkpointReflectionText(ws.project, quality.score, previous, commit.short_hash),
          tags: ['checkpoint', reason, projectTag(ws.project), ...(band ? [band] : [])],
          project: ws.project,
          files: commit.files,
          sessionId: session.id,
          source: 'checkpoint',
        });
        reflectionId = stored.id;
      }
      const row: CheckpointRow = {
        id: randomUUID(),
        session_id: session.id,
        project: ws.project,
        workspace: ws.root,
        created_at: Date.now(),
        score: quality.score,
        report: JSON.stringify(quality),
        trigger: input.trigger,
        commit_status: commit.status,
        commit_hash: commit.hash,
        reflection_id: reflectionId,
      };
      await this.sessions.addCheckpoint(row);
      progress(4, 4, 'done');
      return {
        session: sessionInfo(session),
        session_started: created,
        checkpoint: checkpointInfo(row, previous),
        quality,
        previous_score: previous,
        commit,
        reflection: { stored: reflectionId !== null, reason, id: reflectionId },
        history: [...history, row].map((c) => ({ created_at: iso(c.created_at), score: c.score })),
      };
    });
  }

  async end(
    input: { working_directory?: string | undefined; diagnostics?: Diagnostics | undefined; open_items?: string[] | undefined; next_steps?: string[] | undefined },
    progress: Progress = noProgress): Promise<EndOutput> {
    const ws = await this.workspace(input.working_directory);
    return this.serial(ws, async () => {
      const session = await this.sessions.openSession(ws.project, ws.root);
      if (!session) throw new InputError(`no open session for ${ws.project} (${ws.root}); start one first`);
      progress(0, 4, 'analysing the project');
      const quality = await this.computeQuality(ws.root, input.diagnostics ? { diagnostics: input.diagnostics } : {});
      progress(1, 4, 'collecting the session');
      const endedAt = Date.now();
      const checkpoints = await this.sessions.checkpointsOf(session.id);
      const memories = await this.memory.memoriesSince(ws.project, new Date(session.started_at));
      const filesChanged = await filesChangedSince(ws.root, session.start_commit);
      const doc = { session, endedAt, final: quality, checkpoints, memories, filesChanged, openItems: input.open_items, nextSteps: input.next_steps };
      const handoff = renderHandoff(doc);

      progress(2, 4, 'writing the handoff');
      const handoffPath = writeHandoffFile(this.ctx.dataDir, ws.project, session.id, endedAt, handoff);
      const stored = await this.memory.storeMemory({
        kind: 'handoff',
        content: handoff,
        tags: ['handoff', projectTag(ws.project)],
        project: ws.project,
        files: filesChanged.slice(0, 200),
        sessionId: session.id,
        source: handoffPath,
      });
      progress(3, 4, 'closing the session');
      await this.sessions.closeSession(session.id, {
        ended_at: endedAt,
        end_score: quality.score,
        end_report: JSON.stringify(quality),
        handoff,
        handoff_path: handoffPath,
      });
      this.log.info(`session ${session.id} ended at ${quality.score}/100; handoff ${handoffPath} (${handoffSummary(doc)})`);
      progress(4, 4, 'done');
      return {
        session: sessionInfo({ ...session, ended_at: endedAt, end_score: quality.score }),
        quality,
        handoff,
        handoff_path: handoffPath,
        handoff_memory_id: stored.id,
        duration_minutes: durationMinutes(session.started_at, endedAt),
        files_changed: filesChanged,
      };
    });
  }

  async status(input: { working_directory?: string | undefined; diagnostics?: Diagnostics | undefined }): Promise<StatusOutput> {
    const ws = await this.workspace(input.working_directory);
    const [quality, session, health] = await Promise.all([
      this.computeQuality(ws.root, input.diagnostics ? { diagnostics: input.diagnostics } : {}),
      this.sessions.openSession(ws.project, ws.root),
      this.memory.health(),
    ]);
    const checkpoints = session ? await this.sessions.checkpointsOf(session.id) : [];
    const last = checkpoints[checkpoints.length - 1] ?? null;
    const beforeLast = checkpoints.length > 1 ? (checkpoints[checkpoints.length - 2]?.score ?? null) : (session?.start_score ?? null);
    return {
      project: ws.project,
      workspace: ws.root,
      session: session ? sessionInfo(session) : null,
      quality,
      delta_since_checkpoint: last ? quality.score - last.score : null,
      delta_since_start: session ? quality.score - session.start_score : null,
      last_checkpoint: last ? checkpointInfo(last, beforeLast) : null,
      checkpoints: checkpoints.length,
      health,
    };
  }

  /** The open session of a workspace and its checkpoints, without computing the score. */
  async current(dir?: string): Promise<{ project: string; workspace: string; session: SessionInfo | null; checkpoints: CheckpointInfo[] }> {
    const ws = await this.workspace(dir);
    const session = await this.sessions.openSession(ws.project, ws.root);
    const rows = session ? await this.sessions.checkpointsOf(session.id) : [];
    const checkpoints = rows.map((c, i) => checkpointInfo(c, i > 0 ? (rows[i - 1]?.score ?? null) : (session?.start_score ?? null)));
    return { project: ws.project, workspace: ws.root, session: session ? sessionInfo(session) : null, checkpoints };
  }

  async history(input: { working_directory?: string | undefined; limit: number }): Promise<ScoreHistoryOutput> {
    const ws = await this.workspace(input.working_directory);
    const points: ScoreHistoryOutput['points'] = [];
    for (const s of await this.sessions.sessionsOf(ws.project)) {
      points.push({ created_at: iso(s.started_at), score: s.start_score, session_id: s.id, kind: 'start', commit_hash: s.start_commit });
      if (s.ended_at !== null && s.end_score !== null) {
        points.push({ created_at: iso(s.ended_at), score: s.end_score, session_id: s.id, kind: 'end', commit_hash: null });
      }
    }
    for (const c of await this.sessions.checkpointsOfProject(ws.project)) {
      points.push({ created_at: iso(c.created_at), score: c.score, session_id: c.session_id, kind: 'checkpoint', commit_hash: c.commit_hash });
    }
    points.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
    return { project: ws.project, points: points.slice(-input.limit) };
  }
}
