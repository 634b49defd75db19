/** Files written under hidden temporary names and renamed together, so readers never see a mix of old and new. */
import {basename, join} from "node:path";
import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync} from "node:fs";
import {removeStaleTemps, tempPath} from "../../io/arrow.ts";

/**
 * Files staged in `out` under hidden temporary names (io/arrow.ts tempPath), renamed together by
 * commit(); discard() removes whatever was not committed, and `out` too if it made it and it is
 * empty (an interrupted run writes nothing). Temporary files of killed writers go.
 */
export function stageFiles(out: string) {
  const made = !existsSync(out);
  mkdirSync(out, {recursive: true});
  removeStaleTemps(out);
  const staged: [string, string][] = [];
  let committed = false;
  return {
    get names() {
      return staged.map(([, path]) => basename(path));
    },
    stage(name: string): string {
      const path = join(out, name);
      staged.push([tempPath(path), path]);
      return tempPath(path);
    },
    commit(): void {
      for (const [tmp, path] of staged) renameSync(tmp, path);
      committed = true;
    },
    discard(): void {
      for (const [tmp] of staged) rmSync(tmp, {force: true});
      if (made && !committed && readdirSync(out).length === 0) rmdirSync(out);
    }
  };
}

/**
 * Writes every table under a hidden temporary name next to its final one first (io/arrow.ts
 * tempPath), then renames them all, so a failure or a kill part-way never leaves a mix of old and
 * new files, nor a half-written one under a visible name. Temporary files of killed writers go.
 * `files` are other files written in the same way, by file name (a shard's shard.json).
 */
export function writeTables(out: string, arrow: Record<string, Uint8Array>, {files = {}}: {files?: Record<string, Uint8Array | string>} = {}): void {
  const staged = stageFiles(out);
  try {
    for (const [name, bytes] of [...Object.entries(arrow).map(([name, bytes]) => [`${name}.arrow`, bytes] as const), ...Object.entries(files)]) writeFileSync(staged.stage(name), bytes);
    staged.commit();
  } finally {
    staged.discard();
  }
}
