import { VaultKeyError, secretNameProblem, type SealedValue } from '@architect/core';
import { claimVaultKeyId } from '../queries/secrets';
import { immediate, type SqliteConn } from '../openSqlite';
import { projectStatuses } from '../queries/projects';
import { bugSeverities, bugStatuses, featureStatuses } from '../queries/workItems';
import { recordAudit } from '../queries/auditLog';
import { readLegacyDb, type LegacyRow } from './legacyDb';
import { BUG_SYNONYMS, FEATURE_SYNONYMS, PROMPT_TERMINAL, int, legacyTime, mapStatus, str, xor42 } from './legacyValues';

type Db = Pick<SqliteConn, 'sqlite'>;

export interface TableReport {
  read: number;
  imported: number;
  /** imported by an earlier run: not imported again */
  already: number;
  skipped: number;
  reasons: Record<string, number>;
}

export interface LegacyReport {
  dry_run: boolean;
  tables: Record<string, TableReport>;
  /** The old sessions (they belong in architect.config.json, not in the database). */
  sessions: string[];
}

export interface LegacyImportOptions {
  architectDb: string;
  assignerDb?: string;
  dryRun: boolean;
  /** Seals a secret for the vault; absent on a dry run (nothing is encrypted or stored). */
  seal?: (name: string, value: string) => { sealed: SealedValue; keyId: string };
  now: number;
}

/** Reads the old databases (read-only), checks them, and reports what the import would take. */
export function readLegacySources(opts: Pick<LegacyImportOptions, 'architectDb' | 'assignerDb'>): Map<string, LegacyRow[]> {
  const rows = readLegacyDb(opts.architectDb, '--architect-db', ['projects', 'features'], ['bugs', 'secrets', 'milestone_summaries']);
  if (opts.assignerDb) {
    for (const [t, r] of readLegacyDb(opts.assignerDb, '--assigner-db', ['prompts', 'sessions'], ['assignment_history'])) rows.set(`assigner.${t}`, r);
  }
  return rows;
}

class DryRunRollback extends Error {}

/**
 * One immediate transaction for the whole import: it all lands or none of it does. Every row
 * taken is recorded in legacy_imports (source table + legacy id), which is what makes a second
 * run import nothing twice. A dry run runs the very same code and rolls back.
 */
export function importLegacy(db: Db, sources: Map<string, LegacyRow[]>, opts: LegacyImportOptions): LegacyReport {
  const report: LegacyReport = { dry_run: opts.dryRun, tables: {}, sessions: (sources.get('assigner.sessions') ?? []).map((s) => String(s.name)) };
  try {
    immediate(db, () => {
      const run = new Importer(db, report, opts.now);
      run.projects(sources.get('projects') ?? []);
      run.workItems('features', sources.get('features') ?? []);
      if (sources.has('bugs')) run.workItems('bugs', sources.get('bugs')!);
      if (sources.has('milestone_summaries')) run.milestones(sources.get('milestone_summaries')!);
      if (sources.has('secrets')) run.secrets(sources.get('secrets')!, opts.seal);
      if (sources.has('assigner.prompts')) run.prompts(sources.get('assigner.prompts')!, sources.get('assigner.assignment_history') ?? []);
      if (!opts.dryRun) recordAudit(db, { actor: 'cli', action: 'import_legacy', target: opts.architectDb, details: { tables: Object.fromEntries(Object.entries(report.tables).map(([k, v]) => [k, v.imported])) }, ip: null }, opts.now);
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report;
}

class Importer {
  constructor(
    private readonly db: Db,
    private readonly report: LegacyReport,
    private readonly now: number,
  ) {}

  private table(name: string, read: number): TableReport {
    return (this.report.tables[name] = { read, imported: 0, already: 0, skipped: 0, reasons: {} });
  }

  private mapped(source: string, legacyId: unknown): number | null | undefined {
    const r = this.db.sqlite.prepare('SELECT new_id FROM legacy_imports WHERE source = ? AND legacy_id = ?').get(source, String(legacyId)) as { new_id: number | null } | undefined;
    return r ? r.new_id : undefined;
  }

  private record(source: string, legacyId: unknown, newId: number | null, outcome: string): void {
    this.db.sqlite.prepare('INSERT INTO legacy_imports (source, legacy_id, new_id, outcome, imported_at) VALUES (?, ?, ?, ?, ?)').run(source, String(legacyId), newId, outcome, this.now);
  }

  /** Runs `take` for each row not seen by an earlier run; `take` returns the new id or a skip reason. */
  private each(source: string, rows: LegacyRow[], take: (row: LegacyRow) => number | { skip: string; id?: number }): void {
    const t = this.table(source, rows.length);
    for (const row of rows) {
      const legacyId = row.id ?? row.name;
      if (this.mapped(source, legacyId) !== undefined) {
        t.already++;
        continue;
      }
      const r = take(row);
      if (typeof r === 'number') {
        t.imported++;
        this.record(source, legacyId, r, 'imported');
      } else {
        t.skipped++;
        t.reasons[r.skip] = (t.reasons[r.skip] ?? 0) + 1;
        this.record(source, legacyId, r.id ?? null, `skipped:${r.skip}`);
      }
    }
  }

  projects(rows: LegacyRow[]): void {
    this.each('projects', rows, (p) => {
      const name = str(p.name);
      if (!name) return { skip: 'no_name' };
      const existing = this.db.sqlite.prepare('SELECT id FROM projects WHERE name = ?').get(name) as { id: number } | undefined;
      // Same name already here: its features and bugs attach to that project.
      if (existing) return { skip: 'name_exists', id: existing.id };
      const status = mapStatus(p.status, projectStatuses, {}, 'active').status;
      const created = legacyTime(p.created_at) ?? this.now;
      return Number(
        this.db.sqlite
          .prepare('INSERT INTO projects (name, path, description, status, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(name, str(p.source_path ?? p.path), str(p.description), status, int(p.priority, 0, -1000, 1000), created, legacyTime(p.updated_at) ?? created).lastInsertRowid,
      );
    });
  }

  private projectId(legacy: unknown): number | null {
    return legacy === null || legacy === undefined ? null : (this.mapped('projects', legacy) ?? null);
  }

  workItems(source: 'features' | 'bugs', rows: LegacyRow[]): void {
    this.each(source, rows, (w) => {
      const title = str(w.title) ?? str(w.name);
      if (!title) return { skip: 'no_title' };
      const created = legacyTime(w.created_at) ?? this.now;
      const common = [this.projectId(w.project_id), title, str(w.description), int(w.priority, 0, -1000, 1000), created, legacyTime(w.updated_at) ?? created];
      if (source === 'features') {
        const { status } = mapStatus(w.status, featureStatuses, FEATURE_SYNONYMS, 'draft');
        return Number(
          this.db.sqlite
            .prepare(
              `INSERT INTO features (project_id, title, description, priority, created_at, updated_at, status, spec, estimated_hours, assigned_to, completed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(...common, status, str(w.spec), typeof w.estimated_hours === 'number' ? w.estimated_hours : null, str(w.assigned_to), legacyTime(w.completed_at)).lastInsertRowid,
        );
      }
      const { status } = mapStatus(w.status, bugStatuses, BUG_SYNONYMS, 'open');
      const severity = mapStatus(w.severity, bugSeverities, {}, 'medium').status;
      return Number(
        this.db.sqlite
          .prepare('INSERT INTO bugs (project_id, title, description, priority, created_at, updated_at, status, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(...common, status, severity).lastInsertRowid,
      );
    });
  }

  milestones(rows: LegacyRow[]): void {
    this.each('milestone_summaries', rows, (m) => {
      const name = str(m.name) ?? str(m.title) ?? str(m.milestone) ?? `milestone ${String(m.id)}`;
      let tasks: unknown = [];
      try {
        tasks = typeof m.tasks === 'string' ? JSON.parse(m.tasks) : [];
      } catch {
        tasks = [];
      }
      return Number(
        this.db.sqlite
          .prepare('INSERT INTO milestones (project_id, name, phase, tasks, estimated_hours, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(this.projectId(m.project_id), name, str(m.phase), JSON.stringify(Array.isArray(tasks) ? tasks : []), typeof m.estimated_hours === 'number' ? m.estimated_hours : 0, str(m.status) ?? 'open', legacyTime(m.created_at) ?? this.now).lastInsertRowid,
      );
    });
  }

  secrets(rows: LegacyRow[], seal: LegacyImportOptions['seal']): void {
    this.each('secrets', rows, (s) => {
      const name = String(s.name ?? '');
      if (secretNameProblem(name)) return { skip: 'bad_name' };
      if (typeof s.encrypted_value !== 'string' || s.encrypted_value === '') return { skip: 'no_value' };
      const existing = this.db.sqlite.prepare('SELECT id FROM secrets WHERE name = ?').get(name) as { id: number } | undefined;
      if (existing) return { skip: 'name_exists', id: existing.id };
      if (!seal) return -1; // dry run: counted, never decoded into memory or stored
      const { sealed, keyId } = seal(name, xor42(s.encrypted_value));
      if (!claimVaultKeyId(this.db, keyId, this.now)) throw new VaultKeyError('the vault key was rotated during the import: run it again (nothing was imported)');
      const created = legacyTime(s.created_at) ?? this.now;
      return Number(
        this.db.sqlite
          .prepare(
            `INSERT INTO secrets (name, ciphertext, nonce, tag, key_id, service, category, description, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(name, sealed.ciphertext, sealed.nonce, sealed.tag, keyId, str(s.service), str(s.category), str(s.description), created, legacyTime(s.updated_at) ?? created).lastInsertRowid,
      );
    });
  }

  /**
   * Prompt history, archived. A prompt the old system never finished is imported cancelled,
   * not pending: months-old work must not start running on import (send it again to run it).
   */
  prompts(rows: LegacyRow[], history: LegacyRow[]): void {
    const byPrompt = new Map<string, LegacyRow[]>();
    for (const h of history) byPrompt.set(String(h.prompt_id), [...(byPrompt.get(String(h.prompt_id)) ?? []), h]);
    const addHistory = this.db.sqlite.prepare('INSERT INTO assignment_history (prompt_id, session_name, action, details, created_at) VALUES (?, ?, ?, ?, ?)');
    this.each('assigner.prompts', rows, (p) => {
      const content = str(p.content);
      if (!content) return { skip: 'no_content' };
      const legacyStatus = String(p.status ?? 'pending');
      const finished = (PROMPT_TERMINAL as readonly string[]).includes(legacyStatus);
      const created = legacyTime(p.created_at) ?? this.now;
      const completed = legacyTime(p.completed_at) ?? (finished ? null : this.now);
      const id = Number(
        this.db.sqlite
          .prepare(
            `INSERT INTO prompts (content, source, priority, status, target_session, target_provider, assigned_session, attempts, max_attempts,
               timeout_minutes, response, error, created_at, assigned_at, completed_at, updated_at, archived, archived_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
          )
          .run(
            content,
            `legacy:${str(p.source) ?? 'api'}`.slice(0, 100),
            int(p.priority, 0, -100, 100),
            finished ? legacyStatus : 'cancelled',
            str(p.target_session),
            str(p.target_provider),
            str(p.assigned_session),
            int(p.retry_count, 0, 0, 1000),
            int(p.max_retries, 3, 1, 100),
            int(p.timeout_minutes, 30, 1, 1440),
            str(p.response),
            finished ? str(p.error) : `imported from the old system while ${legacyStatus}; not run again (send it again to run it)`,
            created,
            legacyTime(p.assigned_at),
            completed,
            this.now,
            this.now,
          ).lastInsertRowid,
      );
      for (const h of byPrompt.get(String(p.id)) ?? []) {
        addHistory.run(id, str(h.session_name), `legacy:${String(h.action ?? 'unknown')}`.slice(0, 100), h.details === null || h.details === undefined ? null : JSON.stringify({ legacy: String(h.details) }), legacyTime(h.created_at) ?? created);
      }
      addHistory.run(id, null, 'imported', JSON.stringify({ legacyId: p.id, legacyStatus }), this.now);
      return id;
    });
  }
}
