/** The text a step's prompt carries, and the failure note appended when it is re-queued. */
import type { PlanStepRow, Task } from '@architect/db';

// Prompts may not hold terminal controls (promptTextProblem); a verify's output often has colour
// codes. Escape sequences go first, then any control character but newline and tab.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/g;

export function printable(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** The last `maxBytes` of text (UTF-8), cut at a character boundary. */
export function tail(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  return `…${buf.subarray(buf.length - maxBytes).toString('utf8').replace(/^\uFFFD+/, '')}`;
}

/** Why a verify failed, with the bounded tail of its output. */
export function verifyFailure(step: Pick<PlanStepRow, 'verify'>, task: Task, maxBytes: number): string {
  const how = task.status === 'cancelled' ? 'was cancelled' : task.signal ? `was killed by ${task.signal}` : `exited with code ${task.exitCode ?? '?'}`;
  // The tail never repeats the head's bytes, so the two join seamlessly.
  const output = printable(`${task.outputHead ?? ''}${task.outputTail ?? ''}${task.error ? `\n${task.error}` : ''}`).trim();
  return `The check \`${step.verify}\` ${how}.${output ? `\nIts output (last part):\n${tail(output, maxBytes)}` : ''}`;
}

export function stepPromptText(step: Pick<PlanStepRow, 'prompt' | 'lastFailure' | 'attempts'>): string {
  if (!step.lastFailure) return step.prompt;
  return `${step.prompt}\n\n---\nA previous attempt at this step did not pass. ${step.lastFailure}\nFix the cause so that the check passes.`;
}
