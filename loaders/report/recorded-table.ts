import {existsSync, readFileSync} from "node:fs";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../io/arrow.ts";
import type {TableSpec} from "../io/schema/index.ts";
import {writeBytes} from "./zip.ts";

export interface RecordedTableOptions {
  /** the command that writes the file, named in the messages (e.g. "npm run bench") */
  rerun: string;
}

/**
 * A loader for a table recorded outside the build (a benchmark, a calibration): writes the Arrow file
 * at `path` to stdout, or an empty table of `spec`'s columns when it does not exist (the page says
 * so). Throws when the file lacks a column of `spec` (written by an older version).
 *
 * ```ts
 * // src/data/bench.arrow.ts
 * import {recordedTable} from "goodhart/loader";
 * import {schema} from "goodhart";
 * await recordedTable("data/bench/bench.arrow", schema.bench, {rerun: "npm run bench"});
 * ```
 */
export async function recordedTable(path: string, spec: TableSpec, {rerun}: RecordedTableOptions): Promise<void> {
  if (!existsSync(path)) {
    process.stderr.write(`${path} does not exist: the page will say so (run ${rerun})\n`);
    return writeBytes(encodeRows(spec, []));
  }
  const bytes = readFileSync(path);
  const have = new Set(tableFromIPC(bytes).schema.fields.map((f) => f.name));
  const missing = spec.columns.map((c) => c.name).filter((name) => !have.has(name));
  if (missing.length > 0) throw new Error(`${path}: columns ${missing.join(", ")} are missing (written by an older version): rerun ${rerun}`);
  return writeBytes(bytes);
}
