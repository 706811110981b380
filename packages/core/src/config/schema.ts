import { z } from 'zod';
import { sessionOptionsSchema, sessionSchema } from './sections/sessions';
import { hooksSchema } from './sections/hooks';
import { sessionAlertsSchema } from './sections/sessionAlerts';
import { assignerSchema, autoConfirmSchema, taskWorkerSchema } from './sections/daemons';
import { healthSchema, maintenanceSchema } from './sections/health';
import { smsSchema } from './sections/sms';
import { dashboardSchema } from './sections/dashboard';
import { milestonesSchema, orchestratorSchema, projectsSchema } from './sections/projects';

/** The JSON config file (architect.config.json). Every key has a default; the file is optional. */
export const fileConfigSchema = z
  .object({
    $schema: z.string().optional(),
    sessions: z.array(sessionSchema).default([]),
    sessionOptions: sessionOptionsSchema.default(sessionOptionsSchema.parse({})),
    hooks: hooksSchema.default(hooksSchema.parse({})),
    sessionAlerts: sessionAlertsSchema.default(sessionAlertsSchema.parse({})),
    assigner: assignerSchema.default(assignerSchema.parse({})),
    autoConfirm: autoConfirmSchema.default(autoConfirmSchema.parse({})),
    taskWorker: taskWorkerSchema.default(taskWorkerSchema.parse({})),
    health: healthSchema.default(healthSchema.parse({})),
    sms: smsSchema.default(smsSchema.parse({})),
    dashboard: dashboardSchema.default(dashboardSchema.parse({})),
    maintenance: maintenanceSchema.default(maintenanceSchema.parse({})),
    projects: projectsSchema.default([]),
    milestones: milestonesSchema.default(milestonesSchema.parse({})),
    orchestrator: orchestratorSchema.default(orchestratorSchema.parse({})),
  })
  .strict();

export type FileConfig = z.infer<typeof fileConfigSchema>;

/**
 * Duplicate session names, found on the raw input so they are reported together with every
 * other problem (zod skips refinements once an element fails).
 */
export function duplicateSessionProblems(raw: unknown): { path: string; message: string }[] {
  const list = (raw as { sessions?: unknown } | null)?.sessions;
  if (!Array.isArray(list)) return [];
  const seen = new Map<string, number>();
  const problems: { path: string; message: string }[] = [];
  list.forEach((s, i) => {
    const name = (s as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    // tmux turns '.' into '_', so "a.b" and "a_b" would be the same tmux session.
    const key = name.replaceAll('.', '_');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else if ((list[first] as { name: string }).name === name) {
      problems.push({ path: `sessions.${i}.name`, message: `duplicate session name "${name}" (also sessions.${first})` });
    } else {
      problems.push({ path: `sessions.${i}.name`, message: `session name "${name}" is the same tmux session as sessions.${first} (tmux turns '.' into '_')` });
    }
  });
  return problems;
}
