import { HookHttpServer } from '@architect/approvals';
import { toError, type Logger } from '@architect/core';
import { freeLoopbackPort, readHookEndpoint, verifyHookToken, writeHookEndpoint, type HookEndpoint } from '@architect/sessions';

interface Listener {
  listen(): Promise<void>;
  close(): Promise<void>;
}

export interface HookReceiversOptions {
  /** The unix socket `architect hook` asks (command hooks). */
  socket: Listener;
  /** data/run/hook-http.json, already ensured (ensureHookEndpoint) at start. */
  endpointFile: string;
  endpoint: HookEndpoint;
  /** hooks.httpPort: 0 = the port in the file may move when it is taken. */
  configuredPort: number;
  handle: (session: string, payload: unknown, reply: (body: string) => void) => Promise<string>;
  log: Logger;
}

/**
 * Both hook receivers of the lease holder, opened and closed together (AutoConfirmService calls
 * listen on taking the lease, close on losing it). The http receiver binds the endpoint file's
 * port; if another program took it meanwhile and the port is not configured, it moves to a free
 * one and rewrites the file — sessions started before then post to the old port (a refused
 * connection: Claude goes on) until they are restarted, which is logged.
 */
export class HookReceivers implements Listener {
  private http: HookHttpServer | undefined;

  constructor(private readonly opts: HookReceiversOptions) {}

  get httpPort(): number | undefined {
    return this.http?.port;
  }

  async listen(): Promise<void> {
    await this.opts.socket.listen();
    if (this.http) return;
    const { log } = this.opts;
    let endpoint = readHookEndpoint(this.opts.endpointFile) ?? this.opts.endpoint;
    try {
      this.http = await this.open(endpoint);
    } catch (raw) {
      const err = toError(raw) as NodeJS.ErrnoException;
      if (err.code !== 'EADDRINUSE' || this.opts.configuredPort) {
        log.error({ err, port: endpoint.port }, 'cannot receive http hooks (sessions with http hooks report nothing until this is fixed)');
        return;
      }
      endpoint = { ...endpoint, port: await freeLoopbackPort() };
      writeHookEndpoint(this.opts.endpointFile, endpoint);
      log.warn({ port: endpoint.port }, 'the hook port was taken: moved; restart sessions started before to reach it');
      this.http = await this.open(endpoint);
    }
  }

  async close(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    await Promise.all([this.opts.socket.close(), http?.close()]);
  }

  private async open(endpoint: HookEndpoint): Promise<HookHttpServer> {
    const server = new HookHttpServer({
      port: endpoint.port,
      authenticate: (session, token) => verifyHookToken(endpoint.key, session, token),
      handle: this.opts.handle,
      log: this.opts.log,
    });
    await server.listen();
    return server;
  }
}
