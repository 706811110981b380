import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { answerDialog } from '@architect/approvals';
import { ConflictError, NotFoundError, type Clock, type FileConfig, type Logger } from '@architect/core';
import { cancelPrompt, recordAudit, retryPrompt, type Db } from '@architect/db';
import type { TmuxDriver } from '@architect/tmux';
import { queuePrompt, type PromptRequest } from '../queuePrompt';

export interface ActionDeps {
  db: Db;
  tmux: TmuxDriver;
  clock: Clock;
  log: Logger;
  file: FileConfig;
  /** Architect's tmux server (`tmux -L`), undefined for tmux's default server. */
  socket: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** Who acted, for the audit trail: the terminal runs as the local user. */
function actor(env: NodeJS.ProcessEnv): string {
  return `terminal:${env.USER ?? env.LOGNAME ?? os.userInfo().username}`;
}

/**
 * What the terminal's keys do. Every state change goes through the same package code as the CLI
 * and the dashboard (compare-and-swap queries, the approvals package's human answer) and leaves
 * an `audit_log` row, as a dashboard action does. Each returns the line the footer shows.
 */
export class TerminalActions {
  constructor(private readonly d: ActionDeps) {}

  send(req: PromptRequest): string {
    const id = queuePrompt(this.d.db, this.d.file, req, 'terminal', this.d.clock.now());
    this.audit('POST send', null, { promptId: id, target: req.target ?? null, provider: req.provider ?? null, specialty: req.specialty ?? null, priority: req.priority ?? 0 });
    return `queued prompt ${id}`;
  }

  cancel(id: number): string {
    const r = cancelPrompt(this.d.db, id, this.d.clock.now(), 'terminal');
    if (!r.ok) {
      if (r.status === null) throw new NotFoundError('prompt', id);
      throw new ConflictError(`prompt ${id} is ${r.status}; only pending, assigned or in-progress prompts can be cancelled`);
    }
    this.audit('POST cancel', String(id), { previous: r.previous });
    return `cancelled prompt ${id} (was ${r.previous})`;
  }

  retry(id: number): string {
    const r = retryPrompt(this.d.db, id, this.d.clock.now(), 'terminal');
    if (!r.ok) {
      if (r.status === null) throw new NotFoundError('prompt', id);
      throw new ConflictError(`prompt ${id} is ${r.status}; only failed or cancelled prompts can be retried`);
    }
    this.audit('POST retry', String(id), null);
    return `prompt ${id} is queued again`;
  }

  /** Approve once / Deny: answered only if the same dialog (by its identity) is still on screen. */
  async answer(session: string, decision: 'approve' | 'deny', dialog: string): Promise<string> {
    const r = await answerDialog({ db: this.d.db, tmux: this.d.tmux, clock: this.d.clock, log: this.d.log }, { session, decision, dialog, via: 'terminal' });
    this.audit(`POST ${decision}`, session, { option: r.option });
    return `${decision === 'approve' ? 'approved' : 'denied'} on ${session}: ${r.option}`;
  }

  /**
   * Put the user in the session's pane. Inside a client of Architect's own tmux server,
   * switch-client moves that client there (the UI keeps running in its pane). Anywhere else the UI
   * is suspended around a `tmux attach` (nested tmux allowed by clearing TMUX) and comes back
   * when the user detaches.
   */
  async jump(session: string, suspend: (run: () => void) => void): Promise<string> {
    if (insideServer(this.d.env, this.d.socket)) {
      try {
        await this.d.tmux.switchClient(session);
      } catch (err) {
        throw new ConflictError(`cannot switch to ${session}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return `switched to ${session}`;
    }
    let result = '';
    suspend(() => {
      const env = { ...this.d.env };
      delete env.TMUX;
      const { file, args } = this.d.tmux.attachCommand(session);
      const r = spawnSync(file, args, { stdio: 'inherit', env });
      result = r.status === 0 ? `back from ${session}` : `tmux attach to ${session} exited ${r.status ?? r.signal}`;
    });
    return result;
  }

  private audit(action: string, target: string | null, details: Record<string, unknown> | null): void {
    recordAudit(this.d.db, { actor: actor(this.d.env), action, target, details, ip: null }, this.d.clock.now());
  }
}

/** Is this process inside a client of Architect's tmux server? ($TMUX = "<socket path>,<pid>,<n>") */
export function insideServer(env: NodeJS.ProcessEnv, socket: string | undefined): boolean {
  const current = env.TMUX?.split(',')[0];
  if (!current) return false;
  return path.basename(current) === (socket ?? 'default');
}
