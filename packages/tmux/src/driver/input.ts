/**
 * Typing into a pane: literal text, a bracketed paste through a named buffer, allowlisted keys.
 * The driver's methods call these with its transport; nothing here chooses how a command travels.
 */
import crypto from 'node:crypto';
import { assertKey, assertNoNul, exactTarget } from './names';
import { chunkUtf8 } from './text';
import type { RunOptions } from './transport';

type Exec = (commands: string[][], opts?: RunOptions) => Promise<string>;

/**
 * tmux's client→server message limit is ~16 KB for the whole command, so long literal text is
 * typed in pieces. Pieces end on code point boundaries so no character is split.
 */
const LITERAL_CHUNK_BYTES = 4096;
let bufferSeq = 0;

/** `text` exactly as given: key names inside it ('Enter', 'C-c') are not interpreted. */
export async function typeLiteral(exec: Exec, target: string, text: string): Promise<void> {
  assertNoNul(text, 'text');
  const t = exactTarget(target);
  for (const chunk of chunkUtf8(text, LITERAL_CHUNK_BYTES)) {
    await exec([['send-keys', '-l', '-t', t, '--', chunk]]);
  }
}

/**
 * `text` through a uniquely named buffer — `set-buffer` through the control client (no size
 * limit there), else `load-buffer` from stdin (no argv size limit, no escaping) — then
 * paste-buffer -p (bracketed, when the app asked for it) -r (keep LF, do not turn newlines into
 * Enter) -d (delete the buffer afterwards).
 */
export async function pasteText(exec: Exec, viaControl: boolean, target: string, text: string, bracketed: boolean): Promise<void> {
  const t = exactTarget(target);
  const name = `architect-${process.pid}-${++bufferSeq}-${crypto.randomBytes(3).toString('hex')}`;
  if (viaControl) await exec([['set-buffer', '-b', name, '--', text]]);
  else await exec([['load-buffer', '-b', name, '-']], { input: text });
  try {
    await exec([['paste-buffer', ...(bracketed ? ['-p'] : []), '-r', '-d', '-b', name, '-t', t]]);
  } catch (err) {
    await exec([['delete-buffer', '-b', name]]).catch(() => undefined);
    throw err;
  }
}

/**
 * Allowlisted keys in one session, in order, with one command. Not batched across sessions
 * without a control client: tmux stops a list at its first failure, and which presses had
 * already happened could not be told, so a retry might press a key twice.
 */
export async function pressKeys(exec: Exec, target: string, keys: string[]): Promise<void> {
  for (const k of keys) assertKey(k);
  if (keys.length === 0) return;
  await exec([['send-keys', '-t', exactTarget(target), ...keys]]);
}
