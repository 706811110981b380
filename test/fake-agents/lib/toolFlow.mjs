// One tool call inside a turn, in Claude Code's order: PreToolUse hook → permission rules
// (mode, "don't ask again" answers) → PermissionRequest hook → dialog → run → PostToolUse.
// Agents without hooks (Codex) get the no-op hooks and go straight to the dialog.
import { randomBytes } from 'node:crypto';
import { toolInputOf } from './script.mjs';
import { Interrupted, sleep } from './turnRunner.mjs';
import { commandPrefix } from './claudeDialogs.mjs';

function suggestionsFor(toolName, input) {
  if (toolName === 'Bash') {
    const rule = { toolName: 'Bash', ruleContent: `${commandPrefix(input.command ?? '')}:*` };
    return [{ type: 'addRules', rules: [rule], behavior: 'allow', destination: 'localSettings' }];
  }
  if (toolName === 'Edit' || toolName === 'Write' || toolName === 'MultiEdit') {
    return [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }];
  }
  return [{ type: 'addRules', rules: [{ toolName }], behavior: 'allow', destination: 'localSettings' }];
}

function toolResponse(toolName, input, output) {
  switch (toolName) {
    case 'Bash':
      return { stdout: output, stderr: '', interrupted: false, isImage: false };
    case 'Write':
      return { type: 'create', filePath: input.file_path, content: input.content };
    case 'Edit':
      return { filePath: input.file_path, oldString: input.old_string, newString: input.new_string };
    case 'Read':
      return { type: 'text', file: { filePath: input.file_path, content: output } };
    default:
      return { output };
  }
}

const DEFAULT_OUTPUT = { Bash: '(No content)', Edit: 'Updated 1 line', Write: 'Wrote 1 line', Read: 'Read 1 line' };

/**
 * @param {import('./tuiAgent.mjs').TuiAgent} agent
 * @returns {Promise<{ outcome: 'allowed' | 'denied' | 'rejected' | 'stopped', message?: string }>}
 */
export async function runTool(agent, step, signal) {
  const spec = step.permission ?? step.tool;
  const toolName = spec.tool ?? 'Bash';
  let input = toolInputOf(spec, agent.cwd);
  const toolUseId = `toolu_${randomBytes(12).toString('hex')}`;
  const { layout, hooks, screen } = agent;
  screen.print(layout.toolCall(toolName, input, agent.cwd));

  let ask = 'permission' in step;
  const pre = await hooks.preToolUse(toolName, input, toolUseId);
  if (pre.decision) agent.record('permission-hook', { hook: 'PreToolUse', behavior: pre.decision, message: pre.reason });
  if (pre.decision === 'deny') {
    screen.print(layout.denied(pre.reason));
    return { outcome: 'denied', message: pre.reason };
  }
  if (pre.decision === 'allow') ask = false;
  if (pre.decision === 'ask') ask = true;

  const auto = ask ? agent.autoAllowReason(toolName, input) : null;
  if (auto) {
    agent.record('permission-auto', { tool: toolName, reason: auto });
    ask = false;
  }

  if (ask) {
    const hook = await hooks.permissionRequest(toolName, input, suggestionsFor(toolName, input));
    if (hook.behavior) {
      agent.record('permission-hook', { hook: 'PermissionRequest', behavior: hook.behavior, message: hook.message });
    }
    if (hook.behavior === 'deny') {
      screen.print(layout.denied(hook.message));
      return { outcome: hook.interrupt ? 'stopped' : 'denied', message: hook.message };
    }
    if (hook.behavior === 'allow') {
      if (hook.updatedInput) input = hook.updatedInput;
    } else {
      if (signal.aborted) throw new Interrupted();
      const answer = await agent.showDialog(toolName, input, { description: spec.description });
      if (answer.option.outcome === 'reject') {
        // Claude Code treats "No" as an interrupt (no Stop hook); a script can ask for the
        // softer reading where the model is told and finishes the turn.
        if ((step.onReject ?? 'interrupt') === 'deny') {
          screen.print(layout.denied('The user denied this tool use'));
          return { outcome: 'denied', message: 'rejected in dialog' };
        }
        screen.print(layout.rejected(toolName, input));
        return { outcome: 'rejected' };
      }
      if (answer.option.outcome === 'allow-always') agent.alwaysAllow.add(answer.ruleKey);
    }
  }

  if (spec.runMs) await sleep(spec.runMs, signal);
  const output = spec.output ?? DEFAULT_OUTPUT[toolName] ?? 'Done';
  screen.print(layout.toolResult(output, toolName, input));
  await hooks.postToolUse(toolName, input, toolResponse(toolName, input, output), toolUseId);
  return { outcome: 'allowed' };
}
