import { z } from 'zod';

export const SESSION_NAME_RE = /^[A-Za-z0-9_.-]+$/;
export const providers = ['claude', 'codex', 'aider', 'gemini', 'shell'] as const;
export type ProviderName = (typeof providers)[number];

/** One agent session Architect manages. The config file is the single source of truth. */
export const sessionSchema = z
  .object({
    // tmux session name; also the session's identity everywhere in Architect.
    name: z.string().min(1).max(64).regex(SESSION_NAME_RE, 'must match [A-Za-z0-9_.-]+'),
    // Which agent runs in it; decides the screen detector and how it is started.
    provider: z.enum(providers),
    // Managers plan and delegate; workers take prompts. Both can receive prompts.
    role: z.enum(['manager', 'worker']).default('worker'),
    // Free-form tags a prompt can require (--specialty).
    specialties: z.array(z.string().min(1)).default([]),
    // Working directory the agent starts in (must exist unless a worktree creates it).
    cwd: z.string().min(1),
    // Overrides how the agent is started (tests point it at a fake agent CLI): an argv array, or a
    // string split into words like a shell would (quotes honoured; with |, ;, & or $ it runs via sh -c).
    command: z.union([z.string().min(1), z.array(z.string()).min(1)]).optional(),
    // The program in `command` that is the agent, where Architect inserts its own flags (Claude's
    // --settings): a program name matched against the basename of the command's program, or of the
    // script of `node <script>`, extension ignored. Default: the provider's program (`claude`, …).
    agentProgram: z.string().min(1).regex(/^[^/\s]+$/, 'a program name, without a directory').optional(),
    // A git worktree of `repo` at `path` (default: cwd) on `branch`, so agents never share a checkout.
    worktree: z
      .object({ repo: z.string().min(1), branch: z.string().min(1).optional() })
      .strict()
      .optional(),
    // Remote host (reserved: sessions are local today).
    host: z.string().min(1).optional(),
    // Install Claude Code hooks when starting this session (claude only).
    hooks: z.boolean().default(true),
    // Environment variables exported into the session.
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type SessionConfig = z.infer<typeof sessionSchema>;

/** How `sessions up` starts agents and how the session watcher reads them. */
export const sessionOptionsSchema = z
  .object({
    // Pause between starting two Claude sessions: a dozen starting at once corrupt ~/.claude.json.
    staggerMs: z.number().int().min(0).max(60_000).default(1500),
    // Size of new tmux sessions (detectors read the screen as drawn at this size).
    width: z.number().int().min(40).max(1000).default(200),
    height: z.number().int().min(10).max(500).default(50),
    // Timeout of every tmux call.
    tmuxTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    // Daemons send tmux commands through one long-lived control-mode client (`tmux -C`) instead of
    // a process per command; false goes back to processes (docs/sessions.md, "tmux control mode").
    tmuxControlMode: z.boolean().default(true),
    // Hook `timeout` (seconds) written into Claude's settings; `architect hook` itself exits within 2 s.
    hookTimeoutSeconds: z.number().int().min(1).max(600).default(10),
    // A screen that turned idle may override a fresher non-idle hook state only this long after the hook.
    idleGraceMs: z.number().int().min(0).max(60_000).default(2000),
    // Watcher: at most one capture per session per this many ms (a trailing capture reads the final screen).
    captureIntervalMs: z.number().int().min(10).max(5000).default(50),
    // Watcher: the same while the session is busy (a spinner repaints constantly; hooks cover Claude).
    busyCaptureIntervalMs: z.number().int().min(10).max(5000).default(100),
    // Watcher: the same for a busy session whose hooks report (its Stop hook ends the turn anyway).
    hookedBusyCaptureIntervalMs: z.number().int().min(10).max(10_000).default(1000),
    // Watcher: slow fallback pass (lists sessions, re-arms pipes, captures panes with new activity).
    scanIntervalMs: z.number().int().min(500).max(600_000).default(5000),
    // Watcher: last_activity is written at most this often per session while output streams.
    activityWriteMs: z.number().int().min(100).max(600_000).default(5000),
    // Watcher: pane output logs (data/panes/<session>.out) are truncated past this size.
    paneLogMaxBytes: z.number().int().min(4096).default(1024 * 1024),
  })
  .strict();

export type SessionOptions = z.infer<typeof sessionOptionsSchema>;
