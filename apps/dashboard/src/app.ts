import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { registerApprovalsApi } from './api/approvalsApi';
import { errorHandler } from './api/handle';
import { registerPlanningApi } from './api/planningApi';
import { registerPlansApi } from './api/plansApi';
import { registerPromptsApi } from './api/promptsApi';
import { registerSystemApi } from './api/systemApi';
import { registerTasksApi } from './api/tasksApi';
import { registerVaultApi } from './api/vaultApi';
import type { DashboardDeps } from './deps';
import { registerEventRoutes } from './live/eventRoutes';
import { registerMetrics } from './live/metrics';
import { registerOpsPages } from './pages/opsPages';
import { registerPlanningPages } from './pages/planningPages';
import { registerPlansPages } from './pages/plansPages';
import { registerOverviewPages } from './pages/overviewPages';
import { registerQueuePages } from './pages/queuePages';
import { auditTrail } from './security/audit';
import { registerAuthRoutes, SESSION_COOKIE } from './security/authRoutes';
import { LoginThrottle } from './security/loginThrottle';
import { csrfCheck, hostAllowlist, originCheck, requireLogin } from './security/requestGuards';
import { SqliteSessionStore } from './security/sqliteSessionStore';
import './security/sessionTypes';

export interface AppOptions {
  /** Exact Host header values served (lower case, with port). */
  hosts: ReadonlySet<string>;
  /** Exact origins allowed to change state. */
  origins: ReadonlySet<string>;
  /** Key for signing the session cookie (random per start is fine: sessions live in the DB, cookies re-sign). */
  cookieSecret: string;
  /** The repository root (apps/dashboard/public and node_modules are found from it). */
  root: string;
}

/** Routes reachable without a login session (the security tests enumerate everything else). */
export const PUBLIC_ROUTES = new Set(['GET /health', 'GET /login', 'POST /login']);

/** Body limit: prompts are at most 100 KB of text; JSON escaping can double that. */
const BODY_LIMIT = '256kb';

export function createApp(d: DashboardDeps, opts: AppOptions): { app: Express; store: SqliteSessionStore; throttle: LoginThrottle } {
  const cfg = d.config.file.dashboard;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', cfg.trustProxy ? 'loopback' : false);
  app.set('query parser', 'simple');

  // Order matters: the audit trail first (refused requests are audited too), then the Host
  // allowlist before anything else can answer, then headers.
  app.use(auditTrail(d.db, d.clock, d.log));
  app.use(hostAllowlist(opts.hosts));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(cfg.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: cfg.secureCookies,
      // Not helmet's no-referrer: with it a browser sends `Origin: null` on same-origin form
      // posts (Fetch spec), which the exact Origin check rightly refuses.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  // Static files hold no data (the same for everyone); the login page needs the stylesheet.
  const appDir = path.join(opts.root, 'apps', 'dashboard');
  const uplotDir = path.join(path.dirname(createRequire(path.join(appDir, 'package.json')).resolve('uplot/package.json')), 'dist');
  app.use('/assets/vendor', express.static(uplotDir, { index: false, fallthrough: false }));
  app.use('/assets', express.static(path.join(appDir, 'public'), { index: false, fallthrough: false }));

  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 50 }));
  const store = new SqliteSessionStore(d.db, d.clock, cfg.idleTimeoutMinutes * 60_000);
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: opts.cookieSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'strict', secure: cfg.secureCookies, maxAge: cfg.idleTimeoutMinutes * 60_000, path: '/' },
    }),
  );
  app.use(originCheck(opts.origins));
  app.use(csrfCheck());

  const throttle = new LoginThrottle(
    { maxPerClient: cfg.loginMaxFailures, maxGlobal: cfg.loginMaxFailuresGlobal, windowMs: cfg.loginWindowMinutes * 60_000 },
    d.clock,
  );
  registerAuthRoutes(app, d, throttle);
  registerMetrics(app, d);
  // Everything registered below needs a login session.
  app.use(requireLogin());
  registerPromptsApi(app, d);
  registerTasksApi(app, d);
  registerApprovalsApi(app, d);
  registerSystemApi(app, d);
  registerPlanningApi(app, d);
  registerPlansApi(app, d);
  registerVaultApi(app, d);
  registerEventRoutes(app, d);
  registerOverviewPages(app, d);
  registerQueuePages(app, d);
  registerOpsPages(app, d);
  registerPlanningPages(app, d);
  registerPlansPages(app, d);
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(d.log));
  return { app, store, throttle };
}

/** Every route the app serves, as "METHOD /path" (read from Express's own router). */
export function listRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [],
  );
}
