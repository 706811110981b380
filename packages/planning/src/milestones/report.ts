/** data/milestones/<project>/<date>.json and .md: the scan as data and as a readable report. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScanResult } from './scanProject';

export function reportDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function renderMarkdown(r: ScanResult): string {
  const out: string[] = [`# Milestones: ${r.project}`, '', `Scanned ${new Date(r.scannedAt).toISOString()} — ${r.items.length} open items.`, ''];
  const s = r.stats;
  out.push(`Files: ${s.filesRead} read of ${s.trackedFiles} tracked, ${s.bytesRead} bytes${s.truncated ? ` — TRUNCATED by ${s.truncatedBy}` : ''}.`, '');
  for (const p of r.phases) {
    const total = p.open + p.done;
    const pct = total === 0 ? 0 : Math.round((p.done / total) * 100);
    out.push(`## ${p.name}`, '', `${p.open} open, ${p.done} done (${pct}%), about ${p.estimatedHours} h.`, '');
    for (const it of r.items.filter((i) => i.phase === p.name)) {
      const owner = it.owner ? ` (${it.owner})` : '';
      out.push(`- [ ] ${it.tag === 'CHECKBOX' ? '' : `${it.tag}${owner}: `}${it.text} — \`${it.file}:${it.line}\` (${it.estimatedHours} h)`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Writes both files (temp + rename, so a reader never sees half a report); returns the .json path. */
export async function writeReports(dataDir: string, r: ScanResult): Promise<{ json: string; md: string }> {
  const dir = path.join(dataDir, 'milestones', r.project);
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, reportDate(r.scannedAt));
  const files = { json: `${base}.json`, md: `${base}.md` };
  await writeAtomic(files.json, `${JSON.stringify(r, null, 2)}\n`);
  await writeAtomic(files.md, renderMarkdown(r));
  return files;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
