import { z } from 'zod';

export const httpCheckSchema = z
  .object({
    // Check name (shown as http:<name>); letters, digits, '.', '_' and '-'.
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must match [A-Za-z0-9_.-]+'),
    url: z.string().url(),
    // The status code that counts as up.
    expectedStatus: z.number().int().min(100).max(599).default(200),
    // A request slower than this fails.
    timeoutMs: z.number().int().min(100).max(120_000).default(5000),
    // How often this URL is requested (at most once per health cycle).
    intervalMs: z.number().int().min(100).default(60_000),
    // When true, this check being down makes the suite DOWN rather than DEGRADED.
    critical: z.boolean().default(false),
  })
  .strict();

export type HttpCheckConfig = z.infer<typeof httpCheckSchema>;

export const healthSchema = z
  .object({
    // Time between health cycles.
    intervalMs: z.number().int().min(100).default(15_000),
    // A check is down after this many failed samples in a row (Healthchecks/Gatus convention).
    failuresToDown: z.number().int().min(1).max(100).default(3),
    // A down check is up again after this many good samples in a row.
    successesToUp: z.number().int().min(1).max(100).default(2),
    // A running worker silent for longer than its heartbeat period plus this grace fails its check.
    workerGraceMs: z.number().int().min(0).default(10_000),
    // Ask PM2 (at the PM2_HOME the daemon runs under) for each process's status and restarts.
    pm2: z.boolean().default(true),
    // More PM2 restarts than this within restartWindowMs is a crash loop (warn).
    maxRestarts: z.number().int().min(1).default(3),
    restartWindowMs: z.number().int().min(1000).default(600_000),
    // A session waiting for a human longer than this is reported (warn).
    waitingWarnMs: z.number().int().min(0).default(600_000),
    // Stuck/exited alerts raised within this window are reported for their session.
    alertWindowMs: z.number().int().min(1000).default(1_800_000),
    // A prompt or task this long past its own timeout that is still open means its daemon is not timing it out.
    timeoutGraceMs: z.number().int().min(0).default(120_000),
    // Disk free (of the database's file system): warn and fail below these percentages.
    diskWarnPercent: z.number().min(0).max(100).default(10),
    diskFailPercent: z.number().min(0).max(100).default(5),
    // Database and WAL size warnings (MB); the WAL fails above walFailMb (checkpoints are not keeping up).
    dbWarnMb: z.number().min(1).default(2048),
    walWarnMb: z.number().min(1).default(64),
    walFailMb: z.number().min(1).default(512),
    // PRAGMA quick_check cost grows with the database; it runs at most this often.
    quickCheckEveryMs: z.number().int().min(0).default(300_000),
    // Heartbeat for the worker registry.
    heartbeatMs: z.number().int().min(100).default(5000),
    http: z.array(httpCheckSchema).default([]),
  })
  .strict()
  .refine((c) => c.diskFailPercent <= c.diskWarnPercent, { message: 'diskFailPercent must be at most diskWarnPercent' });

export type HealthConfig = z.infer<typeof healthSchema>;

export const retentionSchema = z
  .object({
    // Days each kind of row is kept; finished work only (open prompts, tasks and SMS are never deleted).
    interactions: z.number().min(0).default(30),
    hookEvents: z.number().min(0).default(7),
    healthChecks: z.number().min(0).default(30),
    outages: z.number().min(0).default(90),
    prompts: z.number().min(0).default(90),
    tasks: z.number().min(0).default(30),
    smsMessages: z.number().min(0).default(90),
    // Acknowledged alerts only.
    alerts: z.number().min(0).default(30),
  })
  .strict();

export const maintenanceSchema = z
  .object({
    retentionDays: retentionSchema.default(retentionSchema.parse({})),
    // Rows deleted per transaction; daemons wait at most one batch for the write lock.
    batchSize: z.number().int().min(1).max(100_000).default(1000),
    // VACUUM: 'auto' when a fifth or more of the file is free pages, 'always', or 'never'.
    vacuum: z.enum(['auto', 'always', 'never']).default('auto'),
    // Backups kept in data/backups (newest first); older ones are deleted after a good backup.
    backupKeep: z.number().int().min(1).max(1000).default(8),
  })
  .strict();

export type MaintenanceConfig = z.infer<typeof maintenanceSchema>;
export type RetentionDays = z.infer<typeof retentionSchema>;
