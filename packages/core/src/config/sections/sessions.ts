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
    // Overrides how the agent is started (tests point it at a fake agent CLI).
    command: z.string().min(1).optional(),
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
