import { createElement as h, useEffect, useRef, useState } from 'react';
import { Box, useInput, useStdout, type Key } from 'ink';
import { toError } from '@architect/core';
import type { TerminalActions } from './actions';
import type { FleetFeed, FleetSnapshot } from './fleetFeed';
import { footerRow, formRows, headerRow, helpRows, needsRows, queueRows, screenRows, sessionRows, title, type PanelName } from './panels';
import { editField, formRequest, moveField, newForm, type PromptForm } from './promptForm';
import type { ScreenFeed } from './screenFeed';
import { clampIndex, firstLine, panelHeights, screenTail } from './viewModel';

export interface AppProps {
  feed: FleetFeed;
  screens: ScreenFeed;
  actions: TerminalActions;
  /** Runs `run` with the UI suspended (normal screen, cooked mode), then redraws. */
  suspend: (run: () => void) => void;
  quit: () => void;
}

type Mode =
  | { kind: 'normal' }
  | { kind: 'help' }
  | { kind: 'send'; form: PromptForm }
  | { kind: 'confirm'; question: string; run: () => string | Promise<string> };

const PANELS: PanelName[] = ['sessions', 'needs', 'queue'];
const HINT = '? help  s send  a/d approve/deny  c cancel  r retry  ⏎ jump  q quit';

/** The selected session: the one under the cursor in Sessions or Needs you, else the queue row's. */
function selectedSession(s: FleetSnapshot, focus: PanelName, sel: Record<PanelName, number>): string | undefined {
  if (focus === 'needs') return s.needs[sel.needs]?.session ?? s.sessions[sel.sessions]?.name;
  if (focus === 'queue') return s.queue[sel.queue]?.session ?? s.sessions[sel.sessions]?.name;
  return s.sessions[sel.sessions]?.name;
}

export function App(p: AppProps) {
  const { stdout } = useStdout();
  const [snap, setSnap] = useState(p.feed.current);
  const [dims, setDims] = useState({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const [screen, setScreen] = useState<{ session: string; text: string }>({ session: '', text: '' });
  const [focus, setFocusState] = useState<PanelName>('sessions');
  const [sel, setSel] = useState<Record<PanelName, number>>({ sessions: 0, needs: 0, queue: 0 });
  const [modeState, setModeState] = useState<Mode>({ kind: 'normal' });
  // Keys typed faster than a frame (a paste, send-keys) arrive before React re-renders: the key
  // handler reads the mode from a ref updated at once, never from a stale render's closure.
  const modeRef = useRef<Mode>(modeState);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const focusRef = useRef<PanelName>(focus);
  const setFocus = (f: PanelName) => {
    focusRef.current = f;
    setFocusState(f);
  };
  const [msg, setMsg] = useState<{ text: string; error: boolean }>({ text: HINT, error: false });

  useEffect(() => p.feed.onUpdate(setSnap), [p.feed]);
  useEffect(() => p.screens.onScreen((session, text) => setScreen({ session, text })), [p.screens]);
  useEffect(() => {
    const onResize = () => setDims({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);

  const at = {
    sessions: clampIndex(sel.sessions, snap.sessions.length),
    needs: clampIndex(sel.needs, snap.needs.length),
    queue: clampIndex(sel.queue, snap.queue.length),
  };
  const session = selectedSession(snap, focus, at);
  useEffect(() => p.screens.select(session), [p.screens, session]);

  const report = (run: () => string | Promise<string>) => {
    Promise.resolve()
      .then(run)
      .then((text) => setMsg({ text, error: false }))
      .catch((raw) => setMsg({ text: toError(raw).message, error: true }))
      .finally(() => p.feed.refreshSoon(0));
  };

  const answer = (decision: 'approve' | 'deny', focus: PanelName) => {
    const session = selectedSession(snap, focus, at);
    const item = focus === 'needs' ? snap.needs[at.needs] : snap.needs.find((n) => n.session === session);
    const dialog = item ? snap.dialogs.get(item.session) : undefined;
    if (!item || !dialog) return setMsg({ text: `no dialog to ${decision} on ${item?.session ?? session ?? 'this row'} (only a waiting session's dialog)`, error: true });
    const what = dialog.prompt.command ? `${dialog.prompt.tool}: ${firstLine(dialog.prompt.command)}` : dialog.prompt.tool;
    setMode({
      kind: 'confirm',
      question: `${decision === 'approve' ? 'Approve once' : 'Deny'} ${what} on ${item.session}? y/n`,
      run: async () => {
        const r = await p.actions.answer(item.session, decision, dialog.dialog);
        p.feed.forgetDialog(item.session);
        return r;
      },
    });
  };

  const promptUnderCursor = (focus: PanelName): number | undefined => {
    const session = selectedSession(snap, focus, at);
    if (focus === 'queue') return snap.queue[at.queue]?.id;
    return snap.sessions.find((s) => s.name === session)?.currentPromptId ?? undefined;
  };

  useInput((input: string, key: Key) => {
    const mode = modeRef.current;
    const focus = focusRef.current;
    if (key.ctrl && input === 'c') return p.quit();
    if (mode.kind === 'help') return setMode({ kind: 'normal' });
    if (mode.kind === 'confirm') {
      setMode({ kind: 'normal' });
      if (input === 'y' || input === 'Y') report(mode.run);
      else setMsg({ text: 'nothing done', error: false });
      return;
    }
    if (mode.kind === 'send') {
      if (key.escape) return setMode({ kind: 'normal' });
      if (key.tab) return setMode({ kind: 'send', form: moveField(mode.form, key.shift ? -1 : 1) });
      if (key.upArrow || key.downArrow) return setMode({ kind: 'send', form: moveField(mode.form, key.upArrow ? -1 : 1) });
      // Text and Enter can arrive in one read (a paste, a fast typist over SSH): type, then submit.
      const nl = input.search(/[\r\n]/);
      if (key.return || nl > 0) {
        const form = nl > 0 ? editField(mode.form, input.slice(0, nl), {}) : mode.form;
        try {
          const req = formRequest(form);
          setMode({ kind: 'normal' });
          report(() => p.actions.send(req));
        } catch (raw) {
          setMode({ kind: 'send', form });
          setMsg({ text: toError(raw).message, error: true });
        }
        return;
      }
      return setMode({ kind: 'send', form: editField(mode.form, input, key) });
    }
    const move = (d: number) => setSel({ ...at, [focus]: clampIndex(at[focus] + d, focus === 'sessions' ? snap.sessions.length : focus === 'needs' ? snap.needs.length : snap.queue.length) });
    if (input === 'q') return p.quit();
    if (input === '?') return setMode({ kind: 'help' });
    if (key.tab) return setFocus(PANELS[(PANELS.indexOf(focus) + (key.shift ? 2 : 1)) % 3]!);
    if (input === '1' || input === '2' || input === '3') return setFocus(PANELS[Number(input) - 1]!);
    if (key.upArrow || input === 'k') return move(-1);
    if (key.downArrow || input === 'j') return move(1);
    if (key.ctrl && input === 'l') return p.suspend(() => {});
    if (input === 's' || input === 'n') return setMode({ kind: 'send', form: newForm(focus === 'queue' ? undefined : selectedSession(snap, focus, at)) });
    if (input === 'a') return answer('approve', focus);
    if (input === 'd') return answer('deny', focus);
    if (input === 'c' || input === 'r') {
      const id = promptUnderCursor(focus);
      if (id === undefined) return setMsg({ text: 'no prompt selected', error: true });
      const retry = input === 'r';
      return setMode({ kind: 'confirm', question: `${retry ? 'Retry' : 'Cancel'} prompt #${id}? y/n`, run: () => (retry ? p.actions.retry(id) : p.actions.cancel(id)) });
    }
    if (key.return || input === 'g') {
      const session = selectedSession(snap, focus, at);
      if (!session) return setMsg({ text: 'no session selected', error: true });
      return report(() => p.actions.jump(session, p.suspend));
    }
  });

  const mode = modeState;
  const hs = panelHeights(dims.rows, { sessions: snap.sessions.length, needs: snap.needs.length, queue: snap.queue.length });
  const lower =
    mode.kind === 'help'
      ? [title('?', 'Help', true, '  (any key closes)'), ...helpRows(hs.screen)]
      : mode.kind === 'send'
        ? [title('s', 'Send a prompt', true, '  Tab next field · Enter queue it · Esc cancel'), ...formRows(mode.form, hs.screen)]
        : [title(' ', `Screen${session ? `: ${session}` : ''}`, false, '  (read-only, live)'), ...screenRows(screen.session === session ? screenTail(screen.text, hs.screen) : [], hs.screen)];
  const footer = mode.kind === 'confirm' ? footerRow(mode.question, false) : footerRow(msg.text, msg.error);
  return h(
    Box,
    { flexDirection: 'column', width: dims.cols, height: dims.rows - 1, overflow: 'hidden' },
    headerRow(snap),
    title('1', 'Sessions', focus === 'sessions', ` (${snap.sessions.length})`),
    ...sessionRows(snap.sessions, at.sessions, hs.sessions, focus === 'sessions', snap.at),
    title('2', 'Needs you', focus === 'needs', ` (${snap.needs.length}, oldest first)`),
    ...needsRows(snap.needs, at.needs, hs.needs, focus === 'needs', snap.at),
    title('3', 'Queue', focus === 'queue', ` (${snap.status.pending} pending)`),
    ...queueRows(snap.queue, at.queue, hs.queue, focus === 'queue'),
    ...lower,
    footer,
  );
}
