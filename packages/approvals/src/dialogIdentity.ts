import crypto from 'node:crypto';
import type { PermissionPrompt } from '@architect/tmux';

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * A dialog's identity: the session plus what the dialog region says (title, tool, command,
 * options). The cursor position is left out so moving it does not make a "new" dialog. Two
 * identical requests in a row hash alike; the screen path tells them apart by seeing the screen
 * without the dialog in between (see dialogTracker).
 */
export function dialogHash(session: string, provider: string, prompt: PermissionPrompt): string {
  return `d:${sha(JSON.stringify([session, provider, prompt.toolName ?? '', prompt.tool, prompt.command, prompt.options]))}`;
}

/** The hook path's identity of a request: the exact tool name and input. */
export function toolInputHash(session: string, toolName: string, toolInput: unknown): string {
  return `h:${sha(JSON.stringify([session, toolName, toolInput]))}`;
}

/** A short hash of a whole captured screen, kept in the audit details. */
export function screenHash(screen: string): string {
  return sha(screen);
}
