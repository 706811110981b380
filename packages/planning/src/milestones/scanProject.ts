/**
 * One scan of one project: tracked files → comment markers and checklist items. Bounded by file
 * count, total bytes, per-file size and wall time; what was left out is reported, never hidden.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock, type MilestonesConfig } from '@architect/core';
import { isChecklistFile, scanChecklist } from './checklistScanner';
import { scanComments } from './commentScanner';
import { commentSyntaxFor } from './commentSyntax';
import { SignatureCounter, commentPhase, estimateHours, type MilestoneItem } from './item';
import { gitTrackedFiles, skipReason } from './trackedFiles';

export type ScanLimits = Pick<MilestonesConfig, 'maxFiles' | 'maxTotalBytes' | 'maxFileBytes' | 'maxScanMs'>;

export interface PhaseSummary {
  name: string;
  open: number;
  done: number;
  estimatedHours: number;
}

export interface ScanResult {
  project: string;
  root: string;
  scannedAt: number;
  items: MilestoneItem[];
  phases: PhaseSummary[];
  stats: {
    trackedFiles: number;
    filesRead: number;
    bytesRead: number;
    skipped: Record<string, number>;
    /** True when a cap stopped the scan before every candidate file was read. */
    truncated: boolean;
    truncatedBy: string | null;
    durationMs: number;
  };
}

async function readSmall(file: string, maxBytes: number): Promise<{ text: string; bytes: number } | string> {
  const st = await stat(file).catch(() => undefined);
  if (!st || !st.isFile()) return 'missing';
  if (st.size > maxBytes) return 'too_large';
  const fh = await open(file, 'r');
  try {
    const buf = await fh.readFile();
    // A NUL byte in the first 8 KB means binary (git's own heuristic).
    if (buf.subarray(0, 8192).includes(0)) return 'binary';
    const text = buf.toString('utf8');
    // Generated/minified code: very long lines on average.
    if (text.length > 4096 && text.length / Math.max(1, text.split('\n').length) > 500) return 'minified';
    return { text, bytes: buf.length };
  } finally {
    await fh.close();
  }
}

export async function scanProject(project: { name: string; path: string }, limits: ScanLimits, clock: Clock = systemClock): Promise<ScanResult> {
  const started = clock.now();
  const tracked = await gitTrackedFiles(project.path);
  const skipped: Record<string, number> = {};
  const skip = (why: string): void => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const items: MilestoneItem[] = [];
  const done = new Map<string, number>();
  const signatures = new SignatureCounter();
  let filesRead = 0;
  let bytesRead = 0;
  let truncatedBy: string | null = null;

  for (const file of tracked) {
    const why = skipReason(file);
    if (why) {
      skip(why);
      continue;
    }
    const checklist = isChecklistFile(file);
    const syntax = commentSyntaxFor(file);
    if (!checklist && !syntax) {
      skip('no_comment_syntax');
      continue;
    }
    if (filesRead >= limits.maxFiles) truncatedBy ??= 'maxFiles';
    else if (bytesRead >= limits.maxTotalBytes) truncatedBy ??= 'maxTotalBytes';
    else if (clock.now() - started >= limits.maxScanMs) truncatedBy ??= 'maxScanMs';
    if (truncatedBy) {
      skip(`cap_${truncatedBy}`);
      continue;
    }
    const read = await readSmall(path.join(project.path, file), limits.maxFileBytes);
    if (typeof read === 'string') {
      skip(read);
      continue;
    }
    filesRead++;
    bytesRead += read.bytes;
    if (checklist) {
      for (const c of scanChecklist(read.text, path.basename(file))) {
        if (c.done) {
          done.set(c.phase, (done.get(c.phase) ?? 0) + 1);
          continue;
        }
        items.push({
          signature: signatures.next('CHECKBOX', c.text, file),
          kind: 'checkbox',
          tag: 'CHECKBOX',
          text: c.text,
          file,
          line: c.line,
          owner: null,
          phase: c.phase,
          estimatedHours: estimateHours('CHECKBOX', c.text),
        });
      }
    }
    if (syntax) {
      for (const h of scanComments(read.text, syntax)) {
        items.push({
          signature: signatures.next(h.tag, h.text, file),
          kind: 'comment',
          tag: h.tag,
          text: h.text,
          file,
          line: h.line,
          owner: h.owner,
          phase: commentPhase(h.tag),
          estimatedHours: estimateHours(h.tag, h.text),
        });
      }
    }
  }

  return {
    project: project.name,
    root: project.path,
    scannedAt: started,
    items,
    phases: summarisePhases(items, done),
    stats: { trackedFiles: tracked.length, filesRead, bytesRead, skipped, truncated: truncatedBy !== null, truncatedBy, durationMs: clock.now() - started },
  };
}

function summarisePhases(items: MilestoneItem[], done: Map<string, number>): PhaseSummary[] {
  const phases = new Map<string, PhaseSummary>();
  const get = (name: string): PhaseSummary => {
    let p = phases.get(name);
    if (!p) phases.set(name, (p = { name, open: 0, done: 0, estimatedHours: 0 }));
    return p;
  };
  for (const it of items) {
    const p = get(it.phase);
    p.open++;
    p.estimatedHours += it.estimatedHours;
  }
  for (const [name, n] of done) get(name).done += n;
  return [...phases.values()];
}
