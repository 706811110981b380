// Seeds a dashboard benchmark database with the real migrations and the real password code,
// bundled by bundleForNode (the bench is plain .mjs).
import { createDb } from '../../../packages/db/src/createDb';
import { migrate } from '../../../packages/db/src/migrate';
import { writePasswordHash } from '../../../packages/db/src/queries/dashboardAuth';
import { hashPassword } from '../../../packages/core/src/passwordHash';

const STATUSES = ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'cancelled', 'pending'];
const KINDS = ['prompt_delivered', 'permission_approved', 'permission_denied', 'permission_escalated', 'key', 'enter_retry'];

/** A migrated database with `prompts` prompts (10% pending) and `interactions` interactions over the last 48 h. */
export function seed(dbPath: string, migrationsDir: string, password: string, counts: { prompts: number; interactions: number; sessions: number }): void {
  const db = createDb({ path: dbPath });
  migrate(db, migrationsDir);
  const now = Date.now();
  writePasswordHash(db, hashPassword(password), now);
  const span = 48 * 3_600_000;
  db.sqlite.transaction(() => {
    const s = db.sqlite.prepare(
      `INSERT INTO sessions (name, provider, role, specialties, cwd, managed, state, completed_count, failed_count, success_rate, created_at, updated_at)
       VALUES (?, 'claude', 'worker', '[]', '/tmp', 1, ?, 100, 5, 0.95, ?, ?)`,
    );
    for (let i = 0; i < counts.sessions; i++) s.run(`w${i}`, ['idle', 'busy', 'waiting_input', 'idle'][i % 4], now, now);
    const p = db.sqlite.prepare(
      `INSERT INTO prompts (content, source, priority, status, assigned_session, attempts, max_attempts, timeout_minutes, lock_paths, response, created_at, updated_at, completed_at)
       VALUES (?, 'cli', ?, ?, ?, 1, 3, 30, '[]', ?, ?, ?, ?)`,
    );
    for (let i = 0; i < counts.prompts; i++) {
      const status = STATUSES[i % STATUSES.length]!;
      const created = now - span + Math.floor((i / counts.prompts) * span);
      const finished = status === 'pending' ? null : created + 30_000;
      p.run(`prompt ${i}: ${'lorem ipsum '.repeat(8)}`, i % 7, status, status === 'pending' ? null : `w${i % counts.sessions}`, status === 'completed' ? `done ${i}` : null, created, created, finished);
    }
    const it = db.sqlite.prepare('INSERT INTO interactions (session_name, kind, tool, command, rule, outcome, via, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < counts.interactions; i++) {
      const kind = KINDS[i % KINDS.length]!;
      it.run(`w${i % counts.sessions}`, kind, 'bash', `npm test -- ${i}`, 'allow:Bash(npm test *)', kind.startsWith('permission') ? kind.slice(11) : null, 'screen', now - span + Math.floor((i / counts.interactions) * span));
    }
  })();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.exec('ANALYZE');
  db.close();
}
