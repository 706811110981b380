import { screenHash } from '@architect/approvals';
import type { Logger } from '@architect/core';
import { recordEscalation, type Db } from '@architect/db';

/**
 * Question lines that only appear while an agent waits for the user to answer something. Used
 * on screens the detectors classify as `unknown`: such a screen is reported to a human rather
 * than guessed at (SPEC §5: a layout it does not know escalates).
 */
const QUESTION = /(Do you want to .+\?|Would you like to .+\?|Allow (?:execution|this|access).*\?|\(Y\)es\/\(N\)o|needs your (?:permission|approval)|Waiting for user confirmation|Esc to cancel|Press enter to confirm)/i;

/** The dialog-like line near the bottom of the screen, or undefined. */
export function unknownDialogText(screen: string): string | undefined {
  const rows = screen.split('\n').map((r) => r.trimEnd()).filter((r) => r.trim() !== '');
  for (const row of rows.slice(-15).reverse()) {
    if (QUESTION.test(row)) return row.trim().slice(0, 300);
  }
  return undefined;
}

/**
 * A screen no detector understands but that reads like a question to the user (an unknown or
 * changed dialog layout): escalated once per appearance, rather than leaving the agent stuck
 * unnoticed. `reset()` when the session shows anything else.
 */
export class UnknownLayoutEscalation {
  private escalated = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly session: string,
  ) {}

  check(screen: string, now: number): void {
    const question = unknownDialogText(screen);
    if (!question) {
      this.escalated = false;
      return;
    }
    if (this.escalated) return;
    this.escalated = true;
    recordEscalation(this.db, {
      session: this.session,
      outcome: 'escalate',
      via: 'screen',
      tool: null,
      command: question,
      rule: 'screen:unknown-layout',
      reason: 'a dialog in a layout the detector does not know',
      screenHash: `u:${screenHash(screen)}`,
      alert: true,
      details: { screen: screenHash(screen) },
      now,
    });
    this.log.warn({ session: this.session, question }, 'unknown dialog layout escalated');
  }

  reset(): void {
    this.escalated = false;
  }
}
