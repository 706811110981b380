import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Set at login; its absence means anonymous. */
    user?: string;
    /** The synchronizer CSRF token of this session (also for the login form). */
    csrf?: string;
    loginAt?: number;
  }
}
