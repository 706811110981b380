import type { Express } from 'express';
import { z } from 'zod';
import { SECRET_NAME_PATTERN } from '@architect/core';
import { listSecrets, openVault, vaultKeySourceOf, type Vault } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';

const nameParam = z.object({ name: z.string().regex(SECRET_NAME_PATTERN) });
const setSchema = z
  .object({ name: z.string().regex(SECRET_NAME_PATTERN), value: z.string().min(1).max(64 * 1024), service: z.string().min(1).max(200).optional(), category: z.string().min(1).max(100).optional(), description: z.string().min(1).max(2000).optional(), _csrf: z.string().optional() })
  .strict();

/**
 * The vault: listings carry names and metadata only; a value leaves only through the explicit
 * reveal POST (CSRF-checked and audited like every state change, plus the vault's own
 * `secrets.reveal` row naming the user), never cached.
 */
export function registerVaultApi(app: Express, d: DashboardDeps): void {
  // Opened per request: the key file may be rotated by the CLI while the dashboard runs.
  const vault = (): Vault => openVault(d.db, vaultKeySourceOf(d.config));
  const actor = (u: string | undefined) => `dashboard:${u ?? 'unknown'}`;

  app.get('/api/secrets', json(() => listSecrets(d.db)));
  app.post(
    '/api/secrets',
    json((req) => {
      const b = parse(setSchema, req.body);
      const outcome = vault().set(b.name, b.value, { service: b.service, category: b.category, description: b.description, actor: actor(req.session.user) }, d.clock.now());
      d.hub.poke();
      return { name: b.name, outcome };
    }),
  );
  app.post(
    '/api/secrets/:name/reveal',
    json((req, res) => {
      const { name } = parse(nameParam, req.params);
      const value = vault().reveal(name, { actor: actor(req.session.user), ip: req.ip ?? null }, d.clock.now());
      res.set('Cache-Control', 'no-store');
      return { name, value };
    }),
  );
  // POST, like every other action here (the page's script and proxies handle it the same way).
  app.post(
    '/api/secrets/:name/delete',
    json((req) => {
      const { name } = parse(nameParam, req.params);
      vault().remove(name, actor(req.session.user), d.clock.now());
      d.hub.poke();
      return { name, removed: true };
    }),
  );
}
