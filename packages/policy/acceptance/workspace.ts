import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PolicyContext } from '../src/index';
import type { CaseInput } from './cases';

/**
 * A realistic machine on disk for the acceptance run: a fake HOME full of credentials, a project
 * (the session's cwd) with .env, .git and a symlink to ~/.ssh, and a checkout of Architect
 * with its database, backups and vault key. Real files, so symlinks and globs are real too.
 */
export interface Workspace {
  root: string;
  home: string;
  proj: string;
  arch: string;
  context(at?: 'project' | 'architect'): PolicyContext;
  /** Replaces @HOME@, @PROJ@, @ARCH@ in every string of a case input. */
  fill(input: CaseInput): CaseInput;
  remove(): void;
}

const HOME_FILES: Record<string, string> = {
  '.ssh/id_ed25519': '-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n',
  '.ssh/authorized_keys': 'ssh-ed25519 AAAAfake dev@laptop\n',
  '.aws/credentials': '[default]\naws_access_key_id=AKIAFAKE\naws_secret_access_key=fake\n',
  '.claude/.credentials.json': '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-fake"}}\n',
  '.codex/auth.json': '{"OPENAI_API_KEY":"sk-fake"}\n',
  '.config/gh/hosts.yml': 'github.com:\n  oauth_token: gho_fake\n',
  '.config/rclone/rclone.conf': '[s3]\nsecret_access_key = fake\n',
  '.config/gcloud/application_default_credentials.json': '{"refresh_token":"fake"}\n',
  '.pgpass': 'db:5432:*:app:fake\n',
  '.netrc': 'machine github.com login x password fake\n',
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_fake\n',
  '.git-credentials': 'https://x:ghp_fake@github.com\n',
  '.docker/config.json': '{"auths":{"ghcr.io":{"auth":"ZmFrZQ=="}}}\n',
  '.kube/config': 'users:\n- name: x\n  user:\n    token: fake\n',
  '.cargo/credentials.toml': '[registry]\ntoken = "fake"\n',
  '.terraform.d/credentials.tfrc.json': '{"credentials":{"app.terraform.io":{"token":"fake"}}}\n',
  '.bashrc': '# bashrc\n',
  '.profile': '# profile\n',
  '.bash_history': 'export OPENAI_API_KEY=sk-fake\n',
};

const PROJECT_FILES: Record<string, string> = {
  '.env': 'ANTHROPIC_API_KEY=sk-ant-fake\nDATABASE_URL=postgres://app:fake@db/app\n',
  '.env.production.local': 'STRIPE_KEY=sk_live_fake\n',
  '.env.example': 'ANTHROPIC_API_KEY=\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': '[core]\n\trepositoryformatversion = 0\n',
  '.git/hooks/pre-commit.sample': '#!/bin/sh\n',
  'node_modules/left-pad/index.js': 'module.exports = () => {};\n',
  'package.json': '{"name":"app","scripts":{"test":"vitest run","build":"tsc"}}\n',
  'packages/web/package.json': '{"name":"web","scripts":{"test":"vitest run"}}\n',
  'README.md': '# app\n',
  'Makefile': 'test:\n\tnpm test\n',
  'requirements.txt': 'requests==2.32.3\n',
  '.venv/bin/activate': 'export VIRTUAL_ENV=.venv\n',
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 2;\n',
  'src/old.ts': 'export {};\n',
  'src/utils/.keep': '',
  'src/components/Button.tsx': 'export {};\n',
  'logs/app.log': 'started\n',
  'coverage/lcov.info': '',
};

const ARCH_FILES: Record<string, string> = {
  'data/architect.db': 'SQLite format 3\0',
  'data/architect.db-wal': '',
  'data/vault.key': 'fake-vault-key\n',
  'data/backups/2026-12-01.db': 'SQLite format 3\0',
  'data/hooks/.keep': '',
  'data/run/.keep': '',
  'package.json': '{"name":"architect"}\n',
};

function writeTree(base: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(base, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: 0o600 });
  }
}

function fillValue(v: unknown, swap: (s: string) => string): unknown {
  if (typeof v === 'string') return swap(v);
  if (Array.isArray(v)) return v.map((x) => fillValue(x, swap));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillValue(x, swap)]));
  return v;
}

export function makeWorkspace(): Workspace {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-acceptance-')));
  const home = path.join(root, 'home', 'dev');
  const proj = path.join(home, 'proj');
  const arch = path.join(home, 'architect');
  writeTree(home, HOME_FILES);
  writeTree(proj, PROJECT_FILES);
  writeTree(arch, ARCH_FILES);
  fs.mkdirSync(path.join(home, 'other-project', 'src'), { recursive: true });
  // A project-local link into the key directory: reading "deploy-keys/x" reads ~/.ssh/x.
  fs.symlinkSync(path.join(home, '.ssh'), path.join(proj, 'deploy-keys'));
  // A fixture that is really Architect's database.
  fs.mkdirSync(path.join(proj, 'fixtures'));
  fs.symlinkSync(path.join(arch, 'data', 'architect.db'), path.join(proj, 'fixtures', 'prod.db'));
  const data = path.join(arch, 'data');
  const db = path.join(data, 'architect.db');
  // Same shape as @architect/approvals' architectProtectedPaths (not imported: it depends on us).
  const protectedPaths = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, path.join(data, 'backups'),
    path.join(data, 'hooks'), path.join(data, 'run'), path.join(data, 'vault.key')];
  const swap = (s: string) => s.replaceAll('@HOME@', home).replaceAll('@PROJ@', proj).replaceAll('@ARCH@', arch);
  return {
    root, home, proj, arch,
    context: (at) => ({ cwd: at === 'architect' ? arch : proj, home, protectedPaths }),
    fill: (input) => fillValue(input, swap) as CaseInput,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
