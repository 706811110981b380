import type { Express, Request, Response } from 'express';
import { toError } from '@architect/core';
import { getSession, getWebSession } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { sessionNameSchema } from '../sessionName';

const SCREEN_POLL_MS = 1000;
const MAX_SCREEN_STREAMS = 16;
let screenStreams = 0;

/** Server-sent events: table changes for every page, and one session's screen (read-only). */
export function registerEventRoutes(app: Express, d: DashboardDeps): void {
  app.get('/events', (req: Request, res: Response) => {
    const sid = req.sessionID;
    const stillValid = () => getWebSession(d.db, sid, d.clock.now()) !== undefined;
    if (!d.hub.attach(res, req.get('last-event-id') ?? undefined, stillValid)) res.status(503).json({ error: 'busy', message: 'too many live connections' });
  });

  app.get('/events/screen/:session', (req: Request, res: Response) => {
    const name = sessionNameSchema.safeParse(req.params.session);
    if (!name.success || !getSession(d.db, name.data)) return res.status(404).json({ error: 'not_found', message: 'no such session' });
    if (screenStreams >= MAX_SCREEN_STREAMS) return res.status(503).json({ error: 'busy', message: 'too many screen streams' });
    screenStreams += 1;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    let last: string | undefined;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    // Chained timeouts, never overlapping captures.
    const sid = req.sessionID;
    const tick = async () => {
      if (getWebSession(d.db, sid, d.clock.now()) === undefined) {
        res.end(); // the login session is gone: so is the screen
        return;
      }
      try {
        const screen = await d.tmux.capture(name.data);
        if (!closed && screen !== last) {
          last = screen;
          res.write(`event: screen\ndata: ${JSON.stringify(screen)}\n\n`);
        }
      } catch (raw) {
        if (!closed) res.write(`event: gone\ndata: ${JSON.stringify(toError(raw).message)}\n\n`);
      }
      if (!closed) timer = setTimeout(tick, SCREEN_POLL_MS);
    };
    res.on('close', () => {
      closed = true;
      screenStreams -= 1;
      clearTimeout(timer);
    });
    void tick();
  });
}
