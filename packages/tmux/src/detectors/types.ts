export type Provider = 'claude' | 'codex' | 'aider' | 'gemini' | 'shell';
export type ScreenState = 'idle' | 'busy' | 'permission' | 'unknown';
export type ToolKind = 'bash' | 'edit' | 'write' | 'read' | 'fetch' | 'mcp' | 'other';

export const PROVIDERS: readonly Provider[] = ['claude', 'codex', 'aider', 'gemini', 'shell'];

export interface PermissionPrompt {
  tool: ToolKind;
  /** Full command, path, URL or `server - tool(args)`, re-joined where the pane wrapped it. */
  command: string;
  /** Option labels in screen order, e.g. ['Yes', "Yes, and don't ask again for …", 'No, and tell Claude …']. */
  options: string[];
  /** The number printed before each option (`1.`, `2.` …); absent for letter prompts (Aider). */
  optionNumbers?: number[];
  /** Index into `options` of the highlighted option (the ❯ / › / ● cursor; Aider: the default answer). */
  selected?: number;
  /** The dialog's own title as drawn, e.g. 'Bash command', 'Edit file', 'Shell'. */
  toolName?: string;
  /**
   * False when the command may not be exactly what the agent will run: cut off, truncated with
   * `…`, the dialog's top scrolled away, or wrapped lines that do not join unambiguously.
   * Auto-confirm must escalate such prompts to a human.
   */
  complete: boolean;
  /**
   * Set when the dialog is not a tool permission but a question only a human may answer: folder
   * trust, plan approval, a question the agent asks, the usage-limit menu, a login or update menu.
   * Such a prompt has tool 'other' and the question's text as `command`; auto-confirm never
   * presses a key on it and escalates at once.
   */
  humanNeeded?: HumanDialog;
}

/** Which kind of "a human is needed" dialog is on screen. */
export type HumanDialog = 'trust' | 'plan' | 'question' | 'usage-limit' | 'login' | 'update' | 'setup';

export interface Classification {
  state: ScreenState;
  provider: Provider;
  /** Present only when state is 'permission'. */
  prompt?: PermissionPrompt;
  /** Layout that matched ('claude1', 'claude2', 'codex', …) or why the screen is unknown. */
  detail?: string;
}

export interface ClassifyOptions {
  /**
   * The pane's width in columns (tmux `#{pane_width}`). Claude, Gemini and Aider screens carry
   * their own width (rules, boxes); Codex screens do not, so without it a wrapped Codex command
   * is reported incomplete.
   */
  paneWidth?: number;
}

/** What a provider detector sees: the screen already split into rows. */
export interface ScreenInput {
  rows: string[];
  /** Index of the last non-blank row; -1 when the screen is blank. */
  last: number;
  paneWidth?: number;
}
