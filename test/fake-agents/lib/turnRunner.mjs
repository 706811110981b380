// Plays one turn of the script through agent-specific operations (drawing and hooks
// differ per agent; the step semantics do not).
import { fill, stepsOf } from './script.mjs';

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** Sleeps `ms`, rejecting with Interrupted as soon as the signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Output lines for `{ "output": … }`: a string, or `{ lines, text }` repeated with `{i}`. */
function outputLines(spec, vars) {
  if (typeof spec === 'string') return fill(spec, vars).split('\n');
  const count = spec.lines ?? 100;
  const text = spec.text ?? 'output line {i}';
  return Array.from({ length: count }, (_, i) => fill(text, vars).replaceAll('{i}', String(i + 1)));
}

/**
 * @typedef {{
 *   work(ms: number, signal: AbortSignal): Promise<void>,
 *   say(text: string): void,
 *   output(lines: string[]): Promise<void>,
 *   tool(step: object, signal: AbortSignal): Promise<{ outcome: 'allowed' | 'denied' | 'rejected' | 'stopped', message?: string }>,
 *   hang(mode: true | 'frozen', signal: AbortSignal): Promise<void>,
 *   exit(code: number, message?: string): never,
 * }} TurnOps
 *
 * @returns {Promise<{ outcome: 'done' | 'denied' | 'rejected' | 'interrupted' | 'error' | 'stopped',
 *   reply?: string, error?: object, message?: string }>}
 */
export async function runTurn({ behaviour, prompt, n, ops, signal }) {
  const vars = { prompt, n, firstLine: prompt.split('\n')[0] };
  try {
    for (const step of stepsOf(behaviour)) {
      if (signal.aborted) throw new Interrupted();
      if ('work' in step) await ops.work(Number(step.work) || 0, signal);
      else if ('say' in step) ops.say(fill(step.say, vars));
      else if ('output' in step) await ops.output(outputLines(step.output, vars));
      else if ('permission' in step || 'tool' in step) {
        const result = await ops.tool(step, signal);
        if (result.outcome === 'rejected' || result.outcome === 'stopped') return result;
        if (result.outcome === 'denied' && (step.onDeny ?? 'stop') === 'stop') {
          const reply = fill(step.deniedReply ?? behaviour.deniedReply ?? 'denied', vars);
          return { outcome: 'denied', reply, message: result.message };
        }
      } else if ('hang' in step) await ops.hang(step.hang, signal);
      else if ('exit' in step) ops.exit(Number(step.exit) || 0, step.message);
      else if ('apiError' in step) return { outcome: 'error', error: step.apiError };
    }
  } catch (err) {
    if (err instanceof Interrupted) return { outcome: 'interrupted' };
    throw err;
  }
  return { outcome: 'done', reply: fill(behaviour.reply ?? 'done', vars) };
}
