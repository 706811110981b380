import path from 'node:path';
import Database from 'better-sqlite3';

/** XOR 42 per character, as the old system's vault stored values. */
export const xorEncode = (s: string) => Array.from(s, (c) => String.fromCodePoint(c.codePointAt(0)! ^ 42)).join('');

export const LEGACY_SECRET_VALUES = { DIALPAD_API_KEY: 'dp_live_LEGACY-PLAINTEXT-42', GITHUB_TOKEN: 'ghp_legacyPLAINTEXTtoken∆' };

/**
 * The old system's databases, built from the schemas in the seed documentation (SPEC seeds 000
 * and 001) with sample rows. `bugs` and `milestone_summaries` are listed there without a schema;
 * their columns here follow the features table.
 */
export function buildLegacyDbs(dir: string): { architectDb: string; assignerDb: string } {
  const architectDb = path.join(dir, 'architect.db');
  const a = new Database(architectDb);
  a.exec(`
CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, description TEXT, source_path TEXT, status TEXT DEFAULT 'active',
  priority INTEGER DEFAULT 0, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE features (id INTEGER PRIMARY KEY, project_id INTEGER, milestone_id INTEGER, title TEXT NOT NULL, description TEXT, spec TEXT,
  status TEXT DEFAULT 'draft', priority INTEGER DEFAULT 0, assigned_to TEXT, assigned_node TEXT, tmux_session TEXT, estimated_hours REAL,
  actual_hours REAL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, completed_at TIMESTAMP,
  FOREIGN KEY (project_id) REFERENCES projects(id));
CREATE TABLE bugs (id INTEGER PRIMARY KEY, project_id INTEGER, title TEXT NOT NULL, description TEXT, severity TEXT, status TEXT DEFAULT 'open',
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE secrets (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, encrypted_value TEXT NOT NULL, service TEXT, category TEXT, description TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, last_accessed TIMESTAMP, access_count INTEGER DEFAULT 0);
CREATE TABLE milestone_summaries (id INTEGER PRIMARY KEY, project_id INTEGER, name TEXT, phase TEXT, tasks TEXT, estimated_hours REAL, status TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
INSERT INTO projects (id, name, description, source_path, status, priority, created_at) VALUES
  (1, 'architect', 'Dashboard project', '/path/to/architect', 'active', 1, '2026-02-06 12:00:00'),
  (2, 'basic_edu_apps', NULL, '/srv/edu', 'paused', 0, '2026-01-10 08:30:00'),
  (3, 'old-site', 'retired', NULL, 'archived', 0, '2025-11-01 00:00:00');
INSERT INTO features (id, project_id, title, description, status, priority, estimated_hours) VALUES
  (1, 1, 'Implement user authentication', 'Add JWT-based auth', 'draft', 1, 8.0),
  (2, 1, 'SMS status updates', NULL, 'completed', 0, 3.5),
  (3, 2, 'Math quiz', NULL, 'in_progress', 2, NULL),
  (4, 2, 'Offline mode', NULL, 'planned', 0, NULL);
INSERT INTO bugs (id, project_id, title, severity, status) VALUES
  (1, 1, 'Counters never move', 'high', 'open'), (2, 1, 'Ghost sessions', 'medium', 'resolved'), (3, 2, 'Typo', 'trivial', 'closed');
INSERT INTO milestone_summaries (id, project_id, name, phase, tasks, estimated_hours, status) VALUES (1, 1, 'v1 launch', 'Phase 1', '["auth","sms"]', 11.5, 'open');
`);
  const putSecret = a.prepare('INSERT INTO secrets (name, encrypted_value, service, category, description) VALUES (?, ?, ?, ?, ?)');
  putSecret.run('DIALPAD_API_KEY', xorEncode(LEGACY_SECRET_VALUES.DIALPAD_API_KEY), 'dialpad', 'api_key', 'Dialpad SMS API key');
  putSecret.run('GITHUB_TOKEN', xorEncode(LEGACY_SECRET_VALUES.GITHUB_TOKEN), 'github', 'token', null);
  putSecret.run('bad name with spaces', xorEncode('x'), null, 'general', null);
  a.close();

  const assignerDb = path.join(dir, 'assigner.db');
  const s = new Database(assignerDb);
  s.exec(`
CREATE TABLE prompts (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT NOT NULL, source TEXT DEFAULT 'api', priority INTEGER DEFAULT 0,
  status TEXT DEFAULT 'pending', assigned_session TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, assigned_at TIMESTAMP, completed_at TIMESTAMP,
  response TEXT, error TEXT, metadata TEXT, target_session TEXT, target_provider TEXT, retry_count INTEGER DEFAULT 0, max_retries INTEGER DEFAULT 3,
  timeout_minutes INTEGER DEFAULT 30, archived INTEGER DEFAULT 0, archived_at TIMESTAMP);
CREATE TABLE sessions (name TEXT PRIMARY KEY, status TEXT DEFAULT 'unknown', last_activity TIMESTAMP DEFAULT CURRENT_TIMESTAMP, current_task_id INTEGER,
  working_dir TEXT, is_claude INTEGER DEFAULT 0, last_output TEXT, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, provider TEXT,
  specialty TEXT DEFAULT 'general', success_rate REAL DEFAULT 0.0, avg_completion_time INTEGER DEFAULT 0, total_tasks_completed INTEGER DEFAULT 0,
  total_tasks_failed INTEGER DEFAULT 0, FOREIGN KEY (current_task_id) REFERENCES prompts(id));
CREATE TABLE assignment_history (id INTEGER PRIMARY KEY AUTOINCREMENT, prompt_id INTEGER NOT NULL, session_name TEXT NOT NULL, action TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, details TEXT, FOREIGN KEY (prompt_id) REFERENCES prompts(id));
INSERT INTO prompts (id, content, source, priority, status, assigned_session, created_at, completed_at, response, error, retry_count) VALUES
  (1, 'Fix the authentication bug in app.py', 'api', 5, 'completed', 'dev_worker1', '2026-02-07 10:00:00', '2026-02-07 10:12:00', 'done', NULL, 0),
  (2, 'Refactor db layer', 'api', 0, 'failed', 'dev_worker2', '2026-02-07 11:00:00', '2026-02-07 11:40:00', NULL, 'timeout', 3),
  (3, 'Write tests', 'cli', 0, 'pending', NULL, '2026-02-08 09:00:00', NULL, NULL, NULL, 0);
INSERT INTO sessions (name, status, provider, specialty) VALUES ('dev_worker1', 'idle', 'claude', 'backend'), ('dev_worker2', 'busy', 'claude', 'general');
INSERT INTO assignment_history (prompt_id, session_name, action, created_at, details) VALUES
  (1, 'dev_worker1', 'assigned', '2026-02-07 10:00:05', 'auto'), (1, 'dev_worker1', 'completed', '2026-02-07 10:12:00', NULL);
`);
  s.close();
  return { architectDb, assignerDb };
}
