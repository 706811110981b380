#!/usr/bin/env node
// Fake Codex CLI for tests: Codex's TUI screens (composer, working status, approval
// overlays) driven by the same turn script as the other fakes. No hooks. See ./README.md.
import { parseArgs, numberFlag, stringFlag } from './lib/args.mjs';
import { codexLayout } from './lib/codexLayout.mjs';
import { createRecorder } from './lib/recorder.mjs';
import { Screen } from './lib/screen.mjs';
import { loadScript } from './lib/script.mjs';
import { runOnTerminal } from './lib/terminal.mjs';
import { TuiAgent } from './lib/tuiAgent.mjs';

const VERSION = '0.46.0';
const { flags } = parseArgs(process.argv.slice(2), {
  booleans: ['version', 'full-auto', 'dangerously-bypass-approvals-and-sandbox', 'no-placeholder'],
  aliases: { V: 'version', a: 'ask-for-approval', m: 'model' },
});
if (flags.version) {
  process.stdout.write(`codex-cli ${VERSION}\n`);
  process.exit(0);
}

const cwd = process.cwd();
const record = createRecorder(stringFlag(flags, 'record', process.env.FAKE_AGENT_RECORD)).record;
const model = stringFlag(flags, 'model', 'gpt-5-codex');
const neverAsk =
  flags['dangerously-bypass-approvals-and-sandbox'] || stringFlag(flags, 'ask-for-approval', '') === 'never';
const screen = new Screen(process.stdout);
const agent = new TuiAgent({
  layout: codexLayout({
    version: VERSION,
    model: `${model} medium`,
    cols: () => screen.cols,
    placeholder: flags['no-placeholder'] ? '' : stringFlag(flags, 'placeholder', 'Find and fix a bug in @filename'),
  }),
  screen,
  record,
  script: loadScript(stringFlag(flags, 'script', undefined)),
  cwd,
  model,
  permissionMode: neverAsk ? 'bypassPermissions' : flags['full-auto'] ? 'acceptEdits' : 'default',
  dialogIgnoreMs: numberFlag(flags, 'dialog-ignore-ms', 0),
  tickMs: numberFlag(flags, 'tick-ms', 500),
  strictEnterMs: numberFlag(flags, 'strict-enter', 0),
  idleNotifyMs: 0,
  workedMinMs: numberFlag(flags, 'worked-min-ms', 1000),
  sessionSource: 'startup',
});

record('start', { agent: 'codex', pid: process.pid, cwd, argv: process.argv.slice(2) });
runOnTerminal(agent, screen, numberFlag(flags, 'startup-ms', 0));
