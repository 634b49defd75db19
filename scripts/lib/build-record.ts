/**
 * What the last `npm run build` cost on this machine, for `npm run bench` (which cannot afford to
 * rerun a cold build inside its 10 minutes): wall and CPU seconds, the largest single process's peak
 * memory, and how many runs it computed rather than read from the run cache. Written atomically to
 * data/runs/last-build.json (ignored by git: a fact about this checkout, not a source).
 */
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {writeFileAtomic} from "../../loaders/io/arrow.ts";
import type {TreeUsage} from "../../loaders/measure/process-tree.ts";

export interface BuildRecord {
  /** ISO time the build finished */
  finished_at: string;
  /** GOODHART_BACKEND during the build, or "auto" */
  backend: string;
  /** whether Framework's build and the dist checks passed */
  ok: boolean;
  seconds: number;
  cpu_seconds: number;
  peak_rss_mb: number;
  peak_command: string;
  /** run-cache entries the build added: runs it computed (0 for a rebuild from cache) */
  runs_computed: number;
}

export const BUILD_RECORD = join("data", "runs", "last-build.json");

/** Names of the entries in the run cache (data/runs/.cache); empty when it does not exist. */
export function cacheEntries(root: string): Set<string> {
  const dir = join(root, "data", "runs", ".cache");
  return new Set(existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".json")) : []);
}

/** Entries in `after` that `before` lacks: the runs a build computed (entries of an older engine it pruned do not count). */
export function addedEntries(before: ReadonlySet<string>, after: ReadonlySet<string>): number {
  let added = 0;
  for (const name of after) if (!before.has(name)) ++added;
  return added;
}

export function writeBuildRecord(root: string, record: BuildRecord): void {
  writeFileAtomic(join(root, BUILD_RECORD), `${JSON.stringify(record, null, 1)}\n`);
}

/** The last build's record, or null when there is none (or it cannot be read). */
export function readBuildRecord(root: string): BuildRecord | null {
  try {
    return JSON.parse(readFileSync(join(root, BUILD_RECORD), "utf8")) as BuildRecord;
  } catch {
    return null;
  }
}

export function recordFrom(usage: TreeUsage, fields: Omit<BuildRecord, "cpu_seconds" | "peak_rss_mb" | "peak_command" | "finished_at">): BuildRecord {
  return {finished_at: new Date().toISOString(), ...fields, cpu_seconds: usage.cpuSeconds, peak_rss_mb: usage.peakRssMb, peak_command: usage.peakCommand};
}
