import { z } from 'zod';

/**
 * How Claude Code's hooks reach Architect (docs/sessions.md "Hook transports"). `http` hooks are
 * POSTed by Claude itself to auto-confirm's loopback receiver — no process start per event;
 * `command` hooks run `architect hook` (a Node process per event) and work without any daemon.
 */
export const hooksSchema = z
  .object({
    // auto: http when the agent's `claude --version` is at least httpMinClaudeVersion AND the
    // receiver answers on its port at `sessions up`; otherwise command. http / command force one.
    transport: z.enum(['auto', 'http', 'command']).default('auto'),
    // Claude Code learned `type: "http"` hooks in this version.
    httpMinClaudeVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version such as 2.1.63').default('2.1.63'),
    // Loopback port of the receiver. 0 = pick a free port once and keep it (data/run/hook-http.json),
    // so sessions started earlier still reach a restarted receiver.
    httpPort: z.number().int().min(0).max(65_535).default(0),
    // `timeout` (seconds) of http hooks for events that need no answer: the receiver answers at once.
    httpEventTimeoutSeconds: z.number().int().min(1).max(600).default(5),
  })
  .strict();

export type HooksConfig = z.infer<typeof hooksSchema>;
