import { z } from 'zod';
import { sessionSchema } from './sections/sessions';
import { assignerSchema, autoConfirmSchema, looseSection, taskWorkerSchema } from './sections/daemons';

/** The JSON config file (architect.config.json). Every key has a default; the file is optional. */
export const fileConfigSchema = z
  .object({
    $schema: z.string().optional(),
    sessions: z.array(sessionSchema).default([]),
    assigner: assignerSchema.default(assignerSchema.parse({})),
    autoConfirm: autoConfirmSchema.default(autoConfirmSchema.parse({})),
    taskWorker: taskWorkerSchema.default(taskWorkerSchema.parse({})),
    health: looseSection,
    sms: looseSection,
    dashboard: looseSection,
    maintenance: looseSection,
    milestones: looseSection,
    orchestrator: looseSection,
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.sessions.forEach((s, i) => {
      const first = seen.get(s.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['sessions', i, 'name'], message: `duplicate session name "${s.name}" (also sessions.${first})` });
      } else seen.set(s.name, i);
    });
  });

export type FileConfig = z.infer<typeof fileConfigSchema>;
