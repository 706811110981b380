import { z } from 'zod';

export const assignerSchema = z
  .object({
    // Most sessions that may be busy at once (per host), so a burst cannot start more agents than the machine holds.
    maxBusy: z.number().int().min(1).default(8),
    // Fallback poll when no wake-up arrives.
    pollMs: z.number().int().min(50).default(2000),
    // Pause between typing the text and pressing Enter.
    enterDelayMs: z.number().int().min(0).max(5000).default(150),
    // Extra Enter presses when the text is still sitting in the composer.
    enterRetries: z.number().int().min(0).max(10).default(3),
    // Single-line text up to this many bytes is typed with send-keys -l; longer text is pasted.
    literalMaxBytes: z.number().int().min(16).max(16384).default(1024),
    // How long a delivered prompt may take to show the agent busy before we look again.
    confirmTimeoutMs: z.number().int().min(100).default(5000),
    // File locks expire this long after their holder's last sign of life.
    lockTtlMinutes: z.number().int().min(1).default(60),
    // A requeued prompt (timeout, dead session) waits this long before it is offered again.
    retryDelayMs: z.number().int().min(0).default(2000),
    // An agent without hooks that shows idle this long after a submission, never seen busy, is done.
    settleMs: z.number().int().min(100).default(3000),
    // How often tmux is asked which sessions still exist (a dead session's prompt goes back).
    tmuxCheckMs: z.number().int().min(100).default(1000),
  })
  .strict();

export type AssignerConfig = z.infer<typeof assignerSchema>;

export const autoConfirmSchema = z
  .object({
    // Master switch; false (or killSwitch) stops all approving at once.
    enabled: z.boolean().default(true),
    // Kill switch: when true, nothing is approved; dialogs are left for a human.
    killSwitch: z.boolean().default(false),
    // Sessions never answered automatically.
    exclude: z.array(z.string()).default([]),
    // Claude Code permission-rule syntax: deny, then ask, then allow; first match wins.
    allow: z.array(z.string()).default([]),
    ask: z.array(z.string()).default([]),
    deny: z.array(z.string()).default([]),
    // Most answers per session per minute; beyond it, escalate.
    maxPerMinute: z.number().int().min(1).default(30),
    // Fallback check for activity the pane-file notifications missed (one tmux call for all
    // sessions); each session is also swept at 30× this interval.
    pollMs: z.number().int().min(50).default(2000),
    // How long an agent ignores keys after a dialog is drawn (Claude Code ~250 ms): the first key
    // waits this long after the screen last changed; a key that was ignored is re-sent once after it.
    keyIgnoreMs: z.number().int().min(0).max(5000).default(250),
    // A dialog on screen within this long of the hook escalating the same session's request is escalated too.
    hookEscalationWindowMs: z.number().int().min(1000).default(120_000),
    // Single-instance lease: held this long unless renewed; a standby takes over once it lapses.
    leaseTtlMs: z.number().int().min(1000).default(10_000),
  })
  .strict();

export type AutoConfirmConfig = z.infer<typeof autoConfirmSchema>;

export const taskWorkerSchema = z
  .object({
    // A claimed task's lease; the worker renews it while the task runs.
    leaseMs: z.number().int().min(1000).default(30_000),
    // Attempts per task before it fails for good (counted at claim).
    maxAttempts: z.number().int().min(1).max(100).default(3),
    // Backoff before a retry: base * 2^(attempt-1), capped.
    backoffBaseMs: z.number().int().min(0).default(2000),
    backoffMaxMs: z.number().int().min(0).default(300_000),
    // Default timeout for a task that names none.
    defaultTimeoutSeconds: z.number().int().min(1).default(1800),
    // Output kept per task: the first and last this many bytes.
    outputHeadBytes: z.number().int().min(0).default(16_384),
    outputTailBytes: z.number().int().min(0).default(16_384),
    // Fallback poll when no wake-up arrives.
    pollMs: z.number().int().min(50).default(2000),
    // Heartbeat for the worker registry.
    heartbeatMs: z.number().int().min(100).default(5000),
    // A killed task group gets SIGTERM, then SIGKILL after this long.
    killGraceMs: z.number().int().min(0).max(10_000).default(2000),
    // On a graceful stop, how long the in-flight task may run on before it is killed and released
    // (stopGraceMs + killGraceMs must stay below the daemon's 8 s stop deadline).
    stopGraceMs: z.number().int().min(0).max(6000).default(4000),
  })
  .strict()
  .refine((c) => c.stopGraceMs + c.killGraceMs <= 7000, {
    message: 'stopGraceMs + killGraceMs must be at most 7000 (the stop deadline is 8 s)',
  });

/** Sections owned by later work; validated loosely until their daemons define them. */
export const looseSection = z.record(z.string(), z.unknown()).default({});
