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
