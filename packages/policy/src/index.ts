import { initBashParser, type ParserFiles as BashFiles } from './bashParse';
import { initCodeGrammars, type CodeGrammarFiles } from './inlineCode/grammars';

/** Where the .wasm files are; each defaults to the file inside its npm package. */
export type ParserFiles = BashFiles & CodeGrammarFiles;

export type { Decision, DecisionPart, Outcome, PermissionRequest, PolicyConfig, PolicyContext, ToolKind } from './types';
export { compilePolicy, type CompiledPolicy } from './compile';
export { decide } from './decide';
export { describeRequest } from './describe';
export { parseRule, type Rule } from './ruleSyntax';
export { PolicyNotReadyError, PolicyRuleError, type RuleProblem } from './errors';
export { bashParserReady as policyReady } from './bashParse';

/**
 * Load the shell parser and the Python and JavaScript grammars (WASM) once per process, before the first `decide` on a Bash request.
 * Idempotent and safe to call concurrently. Bundled apps whose dist/ cannot resolve the
 * `web-tree-sitter` and `tree-sitter-*` packages pass the .wasm paths explicitly.
 */
export async function initPolicy(files?: ParserFiles, opts: { code?: boolean } = {}): Promise<void> {
  await initBashParser(files);
  // A one-shot hook can skip the Python/JavaScript grammars when the command cannot hold inline
  // code for them (see mayRunInlineCode); without them such code escalates, it is never guessed.
  if (opts.code !== false) await initCodeGrammars(files);
}

/**
 * Could this command run Python or JavaScript one-liners? A cheap text test for callers that
 * load grammars per command (the hook). Safe either way: a command that hides an interpreter's
 * name (`p''ython3 -c …`) finds no grammar loaded, and its code escalates.
 */
export function mayRunInlineCode(command: string): boolean {
  return /py|node|tsx|deno|bun/i.test(command);
}
export { commandSites, programIndex, type CommandSite, type CommandSitesResult } from './commandSites';
