#!/usr/bin/env node
// Fake Aider for tests: line-oriented prompt, streamed replies, Y/N questions before running
// shell commands, driven by the same turn script as the other fakes. See ./README.md.
import { parseArgs, numberFlag, stringFlag } from './lib/args.mjs';
import { AiderAgent } from './lib/aiderAgent.mjs';
import { aiderBanner } from './lib/aiderScreens.mjs';
import { createRecorder } from './lib/recorder.mjs';
import { Screen } from './lib/screen.mjs';
import { loadScript } from './lib/script.mjs';
import { runOnTerminal } from './lib/terminal.mjs';

const VERSION = '0.86.1';
const { flags } = parseArgs(process.argv.slice(2), { booleans: ['version', 'yes-always'] });
if (flags.version) {
  process.stdout.write(`aider ${VERSION}\n`);
  process.exit(0);
}

const cwd = process.cwd();
const record = createRecorder(stringFlag(flags, 'record', process.env.FAKE_AGENT_RECORD)).record;
const model = stringFlag(flags, 'model', 'anthropic/claude-sonnet-4-5-20250929');
const screen = new Screen(process.stdout);
const agent = new AiderAgent({
  screen,
  record,
  script: loadScript(stringFlag(flags, 'script', undefined)),
  cwd,
  model,
  banner: aiderBanner({ version: VERSION, model }),
  tickMs: numberFlag(flags, 'tick-ms', 500),
  streamMs: numberFlag(flags, 'stream-ms', 20),
  yesAlways: Boolean(flags['yes-always']),
});

record('start', { agent: 'aider', pid: process.pid, cwd, argv: process.argv.slice(2) });
runOnTerminal(agent, screen, numberFlag(flags, 'startup-ms', 0));
