import { z } from 'zod';

/** A project Architect knows: milestones scan it, plans run their verify commands in it. */
export const projectSchema = z
  .object({
    // Unique name, used by `--project` and in data/milestones/<name>/.
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64), not starting with . _ -'),
    // Absolute path of the project's git work tree.
    path: z.string().refine((p) => p.startsWith('/'), 'must be an absolute path'),
  })
  .strict();

export type ProjectConfig = z.infer<typeof projectSchema>;

export const projectsSchema = z.array(projectSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate project name "${p.name}"` });
    seen.add(p.name);
  });
});

export const milestonesSchema = z
  .object({
    // How often the milestone daemon rescans every project.
    intervalMinutes: z.number().int().min(1).default(360),
    // At most this many tracked files are read per project; the rest are reported as skipped.
    maxFiles: z.number().int().min(1).default(20_000),
    // At most this many bytes are read per project in total.
    maxTotalBytes: z.number().int().min(1024).default(200 * 1024 * 1024),
    // Files larger than this are skipped (generated or data files).
    maxFileBytes: z.number().int().min(1024).default(1024 * 1024),
    // A scan stops reading files after this long and reports itself truncated.
    maxScanMs: z.number().int().min(100).default(60_000),
  })
  .strict();

export type MilestonesConfig = z.infer<typeof milestonesSchema>;

export const orchestratorSchema = z
  .object({
    // Fallback poll between cycles (a prompt or task change also wakes it).
    pollMs: z.number().int().min(50).default(5000),
    // Attempts per step (prompt + verify) before the plan is blocked with an alert.
    maxAttempts: z.number().int().min(1).max(20).default(3),
    // Bytes of a failed verify's output appended to the re-queued prompt.
    failureTailBytes: z.number().int().min(256).max(32_768).default(4000),
    // A verify command is killed after this long.
    verifyTimeoutSeconds: z.number().int().min(1).default(1800),
    // Heartbeat for the worker registry.
    heartbeatMs: z.number().int().min(100).default(5000),
    // How often suggestions are recomputed, and the window of history they look at.
    suggestionsEveryMs: z.number().int().min(1000).default(600_000),
    suggestionsWindowHours: z.number().int().min(1).default(24 * 7),
    // A session whose failure rate is above this (with at least minSamples prompts) gets a suggestion.
    failureRateThreshold: z.number().min(0).max(1).default(0.3),
    minSamples: z.number().int().min(1).default(5),
    // This many stuck/exited alerts, escalations of one command, or timeouts of one prompt is "recurring".
    recurringCount: z.number().int().min(2).default(3),
  })
  .strict();

export type OrchestratorConfig = z.infer<typeof orchestratorSchema>;
