import type { Classification, ScreenState, ToolKind } from './types';

/** What `architect sessions classify --json` prints (SPEC §10); exactly these keys. */
export interface ClassificationJson {
  state: ScreenState;
  provider: string;
  prompt?: { tool: ToolKind; command: string; options: string[] };
}

export function toJsonShape(c: Classification): ClassificationJson {
  const json: ClassificationJson = { state: c.state, provider: c.provider };
  if (c.state === 'permission' && c.prompt) {
    json.prompt = { tool: c.prompt.tool, command: c.prompt.command, options: [...c.prompt.options] };
  }
  return json;
}
