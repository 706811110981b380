// Fake Aider's behaviour: one input line at a time, output streamed line by line while it
// works (no prompt on screen then), yes/no questions answered with a letter and Enter.
import { Composer } from './composer.mjs';
import { applyEditKey } from './editKeys.mjs';
import { KeyDecoder, describeKey } from './keys.mjs';
import { fill, pickBehaviour, toolInputOf } from './script.mjs';
import { Interrupted, runTurn, sleep } from './turnRunner.mjs';
import { restoreTerminal } from './terminal.mjs';
import { wrapBlock } from './wrapText.mjs';
import { aiderPromptLines, aiderQuestion, aiderReply, aiderTokens, parseAnswer, questionText } from './aiderScreens.mjs';

const WAIT_FRAMES = ['░█', '█░'];

export class AiderAgent {
  /**
   * @param {{ screen: import('./screen.mjs').Screen, record: Function, script: object, cwd: string,
   *   model: string, banner: string[], tickMs: number, streamMs: number, yesAlways: boolean }} opts
   */
  constructor(opts) {
    this.opts = opts;
    this.screen = opts.screen;
    this.record = opts.record;
    this.composer = new Composer();
    this.decoder = new KeyDecoder();
    /** @type {'starting' | 'idle' | 'busy' | 'confirm' | 'frozen' | 'exiting'} */
    this.state = 'starting';
    this.turn = null;
    this.confirm = null;
    this.queued = [];
    this.turns = 0;
    this.frame = 0;
    this.waiting = false;
    this.exitArmed = false;
    this.neverAsk = new Set();
  }

  start() {
    this.screen.print(['─'.repeat(this.screen.cols)]);
    this.screen.print(this.opts.banner.flatMap((l) => wrapBlock(l, { cols: this.screen.cols, style: 'textwrap' })));
    this.showPrompt();
  }

  showPrompt() {
    this.screen.print(['─'.repeat(this.screen.cols)]);
    this.state = 'idle';
    this.render();
  }

  render() {
    if (this.state === 'idle') return this.screen.setLive(aiderPromptLines(this.composer.displayLines()));
    if (this.state === 'confirm') return this.screen.setLive([questionText(this.confirm.q) + this.confirm.answer]);
    if (this.waiting) {
      const bar = WAIT_FRAMES[this.frame % WAIT_FRAMES.length];
      return this.screen.setLive([`${bar}        Waiting for ${this.opts.model}`]);
    }
    this.screen.setLive(this.composer.isEmpty() ? [] : this.composer.displayLines());
  }

  onData(chunk) {
    for (const key of this.decoder.feed(chunk)) this.onKey(key);
  }

  recordKey(key, state) {
    this.record('key', { ...describeKey(key), state });
  }

  onKey(key) {
    if (this.state === 'confirm') return this.onConfirmKey(key);
    if (this.state !== 'idle') {
      this.recordKey(key, this.state === 'starting' ? 'starting' : 'busy');
      if (this.state !== 'busy') return;
      if (key.name === 'C-c') return this.interrupt();
      if (key.name === 'Enter') {
        if (this.composer.value().trim() !== '') this.queued.push(this.composer.value());
        this.composer.clear();
      } else this.edit(key);
      return this.render();
    }
    if (key.name === 'Enter') return this.submit();
    if (key.name === 'C-c') {
      if (!this.composer.isEmpty()) this.composer.clear();
      else if (this.exitArmed) return void this.shutdown(0);
      else {
        this.exitArmed = true;
        this.screen.print(['^C again to exit']);
        setTimeout(() => (this.exitArmed = false), 2000).unref();
      }
      return this.render();
    }
    if (key.name === 'C-d' && this.composer.isEmpty()) return void this.shutdown(0);
    this.edit(key);
    this.render();
  }

  edit(key) {
    applyEditKey(this.composer, key);
  }

  submit() {
    const text = this.composer.value();
    // The submitted input stays on screen as a normal line.
    this.screen.print(aiderPromptLines(this.composer.displayLines()));
    this.composer.clear();
    if (text.trim() === '') return this.showPrompt();
    this.background(this.runPrompt(text, false));
  }

  async runPrompt(text, queued) {
    this.record('prompt', queued ? { text, queued: true } : { text });
    if (queued) this.screen.print(aiderPromptLines(text.split('\n')));
    this.turns += 1;
    const abort = new AbortController();
    const behaviour = pickBehaviour(this.opts.script, text);
    const vars = { prompt: text, n: this.turns, firstLine: text.split('\n')[0] };
    this.turn = { abort, prompt: text, reply: fill(behaviour.reply ?? 'done', vars), replied: false };
    this.state = 'busy';
    this.startTicker();
    this.render();
    const result = await runTurn({
      behaviour,
      prompt: text,
      n: this.turns,
      ops: this.turnOps(),
      signal: abort.signal,
    });
    await this.finishTurn(result);
  }

  turnOps() {
    return {
      work: async (ms, signal) => {
        this.waiting = true;
        this.render();
        try {
          await sleep(ms, signal);
        } finally {
          this.waiting = false;
          this.render();
        }
      },
      say: (text) => this.screen.print(aiderReply(text)),
      output: (lines) => this.stream(lines, this.turn.abort.signal),
      tool: (step, signal) => this.tool(step, signal),
      hang: (mode, signal) => {
        if (mode === 'frozen') {
          this.state = 'frozen';
          this.stopTicker();
          return new Promise(() => {});
        }
        this.waiting = true;
        return new Promise((_, reject) => {
          if (signal.aborted) return reject(new Interrupted());
          signal.addEventListener('abort', () => reject(new Interrupted()), { once: true });
        });
      },
      exit: (code, message) => {
        this.screen.print([message ?? `Error: fake agent crashed (exit ${code})`]);
        this.screen.finish();
        this.record('exit', { code, crashed: true });
        restoreTerminal();
        process.exit(code);
      },
    };
  }

  /** Streams lines onto the screen one by one, as the model's tokens arrive. */
  async stream(lines, signal) {
    for (const line of lines) {
      this.screen.print(wrapBlock(line, { cols: this.screen.cols, style: 'textwrap' }));
      if (this.opts.streamMs > 0) await sleep(this.opts.streamMs, signal);
    }
  }

  /** Aider answers first, then asks about the commands and files its answer named. */
  async printReply(signal) {
    if (this.turn.replied) return;
    this.turn.replied = true;
    this.screen.print(['']);
    await this.stream(this.turn.reply.split('\n'), signal);
    this.screen.print(aiderTokens(this.turn.prompt, this.turn.reply).flatMap((l) => wrapBlock(l, { cols: this.screen.cols, style: 'textwrap' })));
  }

  async tool(step, signal) {
    await this.printReply(signal);
    const spec = step.permission ?? step.tool;
    const toolName = spec.tool ?? 'Bash';
    const input = toolInputOf(spec, this.opts.cwd);
    const q = aiderQuestion(toolName, input, this.opts.cwd);
    if ('permission' in step && !this.opts.yesAlways && !this.neverAsk.has(q.question)) {
      // rich wraps at the console width, dropping the space at each break
      this.screen.print(['', ...q.above.flatMap((l) => wrapBlock(l, { cols: this.screen.cols, style: 'textwrap' }))]);
      const answer = await this.ask(q, toolName, input);
      if (answer.choice === 3) this.neverAsk.add(q.question);
      if (answer.outcome === 'reject') return { outcome: 'rejected' };
    } else if ('permission' in step) {
      this.screen.print(['', ...q.above, `${questionText(q)}y`]);
    }
    if (signal.aborted) throw new Interrupted();
    if (toolName === 'Bash' || !['Write', 'Edit', 'Read', 'WebFetch'].includes(toolName)) {
      this.screen.print([`Running ${input.command ?? toolName}`]);
    }
    if (spec.runMs) await sleep(spec.runMs, signal);
    if (spec.output) this.screen.print(String(spec.output).split('\n'));
    return { outcome: 'allowed' };
  }

  ask(q, toolName, input) {
    this.state = 'confirm';
    return new Promise((resolve) => {
      this.confirm = { q, answer: '', resolve };
      this.record('permission-shown', { tool: toolName, tool_input: input, question: questionText(q).trim() });
      this.render();
    });
  }

  onConfirmKey(key) {
    const c = this.confirm;
    if (key.name === 'text') c.answer += key.text;
    else if (key.name === 'Backspace') c.answer = Array.from(c.answer).slice(0, -1).join('');
    else if (key.name === 'C-c') c.answer = 'n';
    else if (key.name !== 'Enter') return this.recordKey(key, 'dialog');
    if (key.name === 'Enter' || key.name === 'C-c') {
      const answer = parseAnswer(c.answer, c.q.dontAsk);
      if (!answer) {
        // Aider repeats the question on an answer it does not understand.
        this.screen.print([questionText(c.q) + c.answer]);
        c.answer = '';
        return this.render();
      }
      this.screen.print([questionText(c.q) + c.answer]);
      this.confirm = null;
      this.state = 'busy';
      this.record('permission-answer', { choice: answer.choice, label: answer.label, outcome: answer.outcome, answer: c.answer });
      this.render();
      return c.resolve(answer);
    }
    this.render();
  }

  interrupt() {
    if (this.turn && !this.turn.abort.signal.aborted) this.turn.abort.abort();
  }

  async finishTurn(result) {
    let reply;
    this.waiting = false;
    if (result.outcome === 'interrupted') this.screen.print(['', '^C KeyboardInterrupt']);
    else if (result.outcome === 'error') {
      reply = result.error?.message ?? `litellm.APIError: ${result.error?.details ?? 'server error'}`;
      this.screen.print(['', reply]);
    } else if (result.outcome !== 'rejected') {
      reply = this.turn.reply;
      try {
        await this.printReply(this.turn.abort.signal);
      } catch {
        this.screen.print(['', '^C KeyboardInterrupt']);
      }
    }
    this.record('turn-end', { outcome: result.outcome, ...(reply !== undefined ? { reply } : {}) });
    this.stopTicker();
    this.turn = null;
    this.screen.print(['']);
    this.showPrompt();
    if (this.queued.length) {
      this.composer.clear();
      this.background(this.runPrompt(this.queued.shift(), true));
    }
  }

  startTicker() {
    this.stopTicker();
    const tick = () => {
      this.frame += 1;
      if (this.state === 'busy' && this.waiting) this.render();
      this.ticker = setTimeout(tick, this.opts.tickMs);
    };
    this.ticker = setTimeout(tick, this.opts.tickMs);
  }

  stopTicker() {
    clearTimeout(this.ticker);
  }

  background(promise) {
    promise.catch((err) => this.record('error', { message: String(err?.stack ?? err) }));
  }

  async shutdown(code) {
    if (this.state === 'exiting') return;
    this.state = 'exiting';
    this.stopTicker();
    this.record('exit', { code });
    this.screen.finish();
    restoreTerminal();
    process.exit(code);
  }
}
