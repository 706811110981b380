import type { Classification, HumanDialog, ScreenState, ToolKind } from './types';

/**
 * What `architect sessions classify --json` prints (SPEC §10). `complete` is always present on a
 * prompt; `humanNeeded` only on dialogs a human must answer (never auto-answered).
 */
export interface ClassificationJson {
  state: ScreenState;
  provider: string;
  prompt?: { tool: ToolKind; command: string; options: string[]; complete: boolean; humanNeeded?: HumanDialog };
}

export function toJsonShape(c: Classification): ClassificationJson {
  const json: ClassificationJson = { state: c.state, provider: c.provider };
  if (c.state === 'permission' && c.prompt) {
    const { tool, command, options, complete, humanNeeded } = c.prompt;
    json.prompt = { tool, command, options: [...options], complete };
    if (humanNeeded !== undefined) json.prompt.humanNeeded = humanNeeded;
  }
  return json;
}
