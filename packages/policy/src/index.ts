import { initBashParser, type ParserFiles } from './bashParse';

export type { Decision, Outcome, PermissionRequest, PolicyConfig, PolicyContext, ToolKind } from './types';
export { compilePolicy, type CompiledPolicy } from './compile';
export { decide } from './decide';
export { describeRequest } from './describe';
export { parseRule, type Rule } from './ruleSyntax';
export { PolicyNotReadyError, PolicyRuleError, type RuleProblem } from './errors';
export { bashParserReady as policyReady } from './bashParse';
export type { ParserFiles } from './bashParse';

/**
 * Load the shell parser (WASM) once per process, before the first `decide` on a Bash request.
 * Idempotent and safe to call concurrently. Bundled apps whose dist/ cannot resolve the
 * `web-tree-sitter` and `tree-sitter-bash` packages pass the two .wasm paths explicitly.
 */
export function initPolicy(files?: ParserFiles): Promise<void> {
  return initBashParser(files);
}
export { commandSites, programIndex, type CommandSite, type CommandSitesResult } from './commandSites';
