/**
 * `goodhart merge <dirs>... --out <dir>`: joins the shards of one sweep (shard.ts) into the files
 * one machine would have written: the run tables with rows in plan order, and the findings
 * computed from all of them. Same rows, same encoder: the same bytes as an unsharded run.
 */
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {Vector, tableFromIPC} from "apache-arrow";
import {findingRows} from "../../analysis/findings.ts";
import {encodeRows} from "../../io/arrow.ts";
import {findings, runTables} from "../../io/schema/index.ts";
import type {TableSpec} from "../../io/schema/index.ts";
import type {PrimaryClaim} from "../../analysis/primaries-spec.ts";
import {writeTables} from "../store/files.ts";
import {encodeRuns} from "../store/table-stream.ts";
import {perTable, tableNames} from "../store/tables.ts";
import type {OutputName, TableName} from "../store/tables.ts";
import {checkManifest, manifestName} from "./shard.ts";
import type {ShardManifest} from "./shard.ts";
import {messageOf} from "../../narrow.ts";

/** Shards that do not make one sweep (missing, duplicated, of another spec or backend): nothing is written. */
export class MergeError extends Error {
  override readonly name = "MergeError";
}

export interface MergeOptions {
  /** folder for the merged run tables and findings.arrow (default: none, nothing written) */
  out?: string;
  /** rows per Arrow record batch, as the shards' runExperiment had it (default table-stream.ts batchRows) */
  batchRows?: number;
}

export interface MergeOutput {
  readonly manifest: ShardManifest;
  readonly rows: Record<TableName, Record<string, unknown>[]>;
  readonly findings: Record<string, unknown>[];
  readonly arrow: Record<OutputName, Uint8Array>;
}

/** Reads each shard folder, checks that they are exactly the N shards of one sweep, and merges them. */
export function mergeShards(dirs: readonly string[], {out, batchRows}: MergeOptions = {}): MergeOutput {
  if (!dirs.length) throw new MergeError("missing shards: goodhart merge <dir>... --out <dir>, one folder per shard (goodhart run <spec> --shard i/N --out <dir>)");
  if (out !== undefined && dirs.some((d) => resolve(d) === resolve(out))) throw new MergeError(`invalid --out: ${out} is one of the shard folders (expected a folder of its own)`);
  const manifests = dirs.map(readManifest);
  const [first] = manifests;
  for (const [k, m] of manifests.entries()) {
    if (JSON.stringify(primariesOf(m)) !== JSON.stringify(primariesOf(first))) throw new MergeError(`${dirs[k]}: primaries differ from ${dirs[0]}'s (shards of one sweep share the spec; rerun that shard)`);
    for (const key of ["spec", "plans_sha256", "engine_version", "backend"] as const) {
      if (m[key] !== first[key]) throw new MergeError(`${dirs[k]}: ${key} ${m[key]} differs from ${dirs[0]}'s ${first[key]} (shards of one sweep share the spec, seeds, engine and backend; rerun that shard)`);
    }
    if (m.shard.count !== first.shard.count) throw new MergeError(`${dirs[k]}: shard ${m.shard.index}/${m.shard.count}, but ${dirs[0]} is one of ${first.shard.count} shards (expected the shards of one --shard i/N split)`);
  }
  const count = first.shard.count;
  const byIndex = new Map<number, string>();
  for (const [k, m] of manifests.entries()) {
    const other = byIndex.get(m.shard.index);
    if (other !== undefined) throw new MergeError(`shard ${m.shard.index}/${count} given twice: ${other} and ${dirs[k]} (expected each shard once)`);
    byIndex.set(m.shard.index, dirs[k]);
  }
  const missing = Array.from({length: count}, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) throw new MergeError(`missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} (expected all ${count} shards; run goodhart run <spec> --shard ${missing[0]}/${count})`);
  // Rows of each run, in the order its shard wrote them; then every run in plan order.
  const perRun = new Map<string, Record<TableName, Record<string, unknown>[]>>();
  for (const [k, dir] of dirs.entries()) {
    const tables = perTable((name) => readRows(dir, runTables[name]));
    const ids = tables.runs.map((r) => String(r.run_id));
    if (ids.join() !== manifests[k].shard_run_ids.join()) throw new MergeError(`${dir}: runs.arrow holds other runs than ${manifestName} lists (an incomplete or altered shard; rerun it)`);
    for (const id of ids) perRun.set(id, perTable(() => []));
    for (const name of tableNames) {
      for (const row of tables[name]) {
        const run = perRun.get(String(row.run_id));
        if (!run) throw new MergeError(`${dir}: ${name}.arrow has a row of run ${String(row.run_id)}, which runs.arrow lacks (an altered shard; rerun it)`);
        run[name].push(row);
      }
    }
  }
  const absent = first.run_ids.filter((id) => !perRun.has(id));
  const runRows = (id: string) => perRun.get(id) ?? perTable(() => []);
  if (absent.length || perRun.size !== first.run_ids.length) throw new MergeError(`the shards hold ${perRun.size} runs, the sweep ${first.run_ids.length}${absent.length ? ` (missing ${absent.slice(0, 3).join(", ")}${absent.length > 3 ? ", ..." : ""})` : ""}: rerun the shards with one goodhart version`);
  const rows = perTable((name) => first.run_ids.flatMap((id) => runRows(id)[name]));
  const findingsRows = findingRows(first.spec, rows, {primaries: primariesOf(first)});
  // Record batches cut run by run as runExperiment cuts them (table-stream.ts): the same bytes.
  const arrow: Record<OutputName, Uint8Array> = {
    ...perTable((name) => encodeRuns(runTables[name], first.run_ids.map((id) => runRows(id)[name]), {batchRows})),
    findings: encodeRows(findings, findingsRows)
  };
  if (out !== undefined) writeTables(out, arrow);
  return {manifest: first, rows, findings: findingsRows, arrow};
}

/** The spec's declared primaries a shard carries beside its manifest (experiment.ts); none in older shards. */
const primariesOf = (m: ShardManifest): readonly PrimaryClaim[] => (m as ShardManifest & {primaries?: PrimaryClaim[]}).primaries ?? [];

function readManifest(dir: string): ShardManifest {
  const path = join(dir, manifestName);
  if (!existsSync(path)) throw new MergeError(`${dir}: no ${manifestName} (expected the --out folder of goodhart run <spec> --shard i/N)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new MergeError(`${path}: not valid JSON (${messageOf(error)}); rerun that shard`);
  }
  const manifest = checkManifest(json);
  if (typeof manifest === "string") throw new MergeError(`${path}: ${manifest}`);
  return manifest;
}

/** A table's rows as the objects the engine encoded (lists as arrays), columns as the schema declares. */
function readRows(dir: string, spec: TableSpec): Record<string, unknown>[] {
  const path = join(dir, `${spec.name}.arrow`);
  if (!existsSync(path)) throw new MergeError(`${dir}: no ${spec.name}.arrow (an incomplete shard; rerun it)`);
  const table = tableFromIPC(readFileSync(path));
  const names = table.schema.fields.map((f) => f.name);
  if (names.join() !== spec.columns.map((c) => c.name).join()) throw new MergeError(`${path}: columns ${names.join(", ")} are not the ${spec.name} table's (written by another goodhart version?)`);
  const columns = spec.columns.map((c) => {
    const vector = table.getChild(c.name)!;
    const get = c.type === "list_float64" ? (i: number) => list(vector.get(i)) : (i: number): unknown => vector.get(i);
    return [c.name, get] as const;
  });
  return Array.from({length: table.numRows}, (_, i) => Object.fromEntries(columns.map(([name, get]) => [name, get(i)])));
}

function list(vector: unknown): (number | null)[] | null {
  if (!(vector instanceof Vector)) return null; // a null list
  return Array.from({length: vector.length}, (_, j) => {
    const value: unknown = vector.get(j);
    return typeof value === "number" ? value : null;
  });
}
