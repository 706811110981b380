import { z } from 'zod';

/** The web dashboard (apps/dashboard). Address comes from PORT / HOST (SPEC §10). */
export const dashboardSchema = z
  .object({
    // A non-loopback HOST is refused unless this is true (the dashboard can type into agents).
    allowRemote: z.boolean().default(false),
    // Extra Host header values accepted ("name" or "name:port"); loopback names with the bound port are always accepted.
    allowedHosts: z.array(z.string().min(1).max(255)).default([]),
    // Extra exact origins accepted on state changes (e.g. "https://dash.example.com" behind a TLS proxy).
    allowedOrigins: z.array(z.string().url()).default([]),
    // Set the cookie's Secure flag (serve it over HTTPS, e.g. behind a TLS proxy).
    secureCookies: z.boolean().default(false),
    // Trust X-Forwarded-* from a proxy on loopback (only with a TLS proxy in front).
    trustProxy: z.boolean().default(false),
    // A login session ends after this long without a request.
    idleTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
    // Failed logins allowed per client address within the window, then 429 until it passes.
    loginMaxFailures: z.number().int().min(1).max(1000).default(5),
    // Failed logins allowed from all addresses together within the window.
    loginMaxFailuresGlobal: z.number().int().min(1).max(100_000).default(50),
    loginWindowMinutes: z.number().int().min(1).max(24 * 60).default(15),
    // A bearer token that may read /metrics without a login session; unset: only a login session may.
    metricsToken: z.string().min(24).optional(),
  })
  .strict();

export type DashboardConfig = z.infer<typeof dashboardSchema>;
