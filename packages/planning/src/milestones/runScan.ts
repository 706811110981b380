/** Scan one project end to end: read, write the reports, record in the database. */
import { NotFoundError, toError, type Clock, type MilestonesConfig } from '@architect/core';
import { recordMilestoneScan, syncConfiguredProjects, type Db, type RecordScanResult } from '@architect/db';
import { writeReports } from './report';
import { scanProject, type ScanResult } from './scanProject';

export interface ProjectScan {
  result: ScanResult;
  recorded: RecordScanResult;
  reports: { json: string; md: string };
}

export async function runMilestoneScan(
  deps: { db: Db; dataDir: string; limits: MilestonesConfig; clock: Clock },
  project: { id: number; name: string; path: string },
): Promise<ProjectScan> {
  const result = await scanProject(project, deps.limits, deps.clock);
  const reports = await writeReports(deps.dataDir, result);
  const recorded = recordMilestoneScan(deps.db, {
    projectId: project.id,
    items: result.items,
    phases: result.phases,
    reportPath: reports.json,
    closeVanished: !result.stats.truncated,
    now: result.scannedAt,
  });
  return { result, recorded, reports };
}

export type ScanOutcome = { project: string; ok: true; scan: ProjectScan } | { project: string; ok: false; error: Error };

/**
 * Mirror the configured projects, then scan each (or only `only`). One project's failure (not a
 * git repository, unreadable) is reported with the others' results, never hides them.
 */
export async function scanConfiguredProjects(
  deps: { db: Db; dataDir: string; limits: MilestonesConfig; clock: Clock },
  projects: readonly { name: string; path: string }[],
  only?: string,
): Promise<ScanOutcome[]> {
  const chosen = only === undefined ? projects : projects.filter((p) => p.name === only);
  if (only !== undefined && chosen.length === 0) throw new NotFoundError('project', only);
  const ids = syncConfiguredProjects(deps.db, projects, deps.clock.now());
  const out: ScanOutcome[] = [];
  for (const p of chosen) {
    try {
      out.push({ project: p.name, ok: true, scan: await runMilestoneScan(deps, { id: ids.get(p.name)!, ...p }) });
    } catch (raw) {
      out.push({ project: p.name, ok: false, error: toError(raw) });
    }
  }
  return out;
}
