import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {basename, dirname, join} from "node:path";
import {Bool, Field, Float32, Float64, Int32, List, Table, Utf8, tableToIPC, vectorFromArray} from "apache-arrow";
import type {DataType, Vector} from "apache-arrow";
import type {ColumnSpec, TableSpec} from "./schema/index.ts";
import {codeOf} from "../narrow.ts";

const arrowType: Record<ColumnSpec["type"], () => DataType> = {
  utf8: () => new Utf8(),
  float64: () => new Float64(),
  float32: () => new Float32(),
  int32: () => new Int32(),
  bool: () => new Bool(),
  list_float64: () => new List(new Field("item", new Float64(), true))
};

/**
 * Builds an Arrow table from row objects, column by column in the order the spec declares.
 * Unknown or missing keys, wrong types and nulls in non-nullable columns are errors.
 */
export function tableFromRows(spec: TableSpec, rows: readonly Record<string, unknown>[]): Table {
  const names = new Set(spec.columns.map((c) => c.name));
  for (const [i, row] of rows.entries()) {
    for (const key of Object.keys(row)) {
      if (!names.has(key)) throw new Error(`${spec.name} row ${i}: unknown column "${key}" (declared: ${[...names].join(", ")})`);
    }
  }
  const vectors: Record<string, Vector> = {};
  for (const column of spec.columns) {
    const values = rows.map((row, i) => checkValue(spec, column, row[column.name], i));
    vectors[column.name] = vectorFromArray(values, arrowType[column.type]());
  }
  return new Table(vectors);
}

function checkValue(spec: TableSpec, column: ColumnSpec, value: unknown, row: number): unknown {
  const where = `${spec.name}.${column.name} row ${row}`;
  if (value === null || value === undefined) {
    if (!column.nullable) throw new Error(`${where}: null in a non-nullable column`);
    return null;
  }
  switch (column.type) {
    case "utf8":
      if (typeof value !== "string") throw new Error(`${where}: expected a string, got ${typeof value}`);
      return value;
    case "bool":
      if (typeof value !== "boolean") throw new Error(`${where}: expected a boolean, got ${typeof value}`);
      return value;
    case "int32":
      if (!Number.isInteger(value)) throw new Error(`${where}: expected an integer, got ${String(value)}`);
      return value;
    case "float64":
    case "float32":
      if (typeof value !== "number") throw new Error(`${where}: expected a number, got ${typeof value}`);
      if (!Number.isFinite(value) && !column.nullable) throw new Error(`${where}: non-finite ${value} in a non-nullable column`);
      return Number.isFinite(value) ? value : null;
    case "list_float64":
      if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw new Error(`${where}: expected an array of numbers`);
      return Array.from(value as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  }
}

/** Serialises a table as an Arrow IPC *stream* (the format DuckDB-wasm can ingest). */
export function toIPCStream(table: Table): Uint8Array {
  return tableToIPC(table, "stream");
}

/** Rows -> Arrow IPC stream bytes, validated against the table spec. */
export function encodeRows(spec: TableSpec, rows: readonly Record<string, unknown>[]): Uint8Array {
  return toIPCStream(tableFromRows(spec, rows));
}

/**
 * Writes a file atomically: to a hidden temporary sibling (tempPath), then rename. A crash, a kill
 * or an error never leaves a half-written file where a good one was, nor under a visible name.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), {recursive: true});
  const tmp = tempPath(path);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, {force: true});
    throw error;
  }
}

/**
 * The hidden name a file is written under before its rename: `.<name>.<host>.<pid>.tmp`, next to
 * it. The host keeps processes of other machines (or pods, whose pids repeat) that share a folder
 * (a cluster's run cache) off each other's temporary files.
 */
export function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${host}.${process.pid}.tmp`);
}

const host = hostname().replace(/[^A-Za-z0-9-]/g, "-") || "host";

/**
 * Deletes temporary files (tempPath) in `dir` left by processes of this host that no longer run
 * (killed while writing); a live process's, and other hosts', are kept.
 */
export function removeStaleTemps(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = /^\..+\.([A-Za-z0-9-]+)\.(\d+)\.tmp$/.exec(name);
    if (match && match[1] === host && !processAlive(Number(match[2]))) rmSync(join(dir, name), {force: true});
  }
}

/**
 * Whether a process runs. A zombie does not: a writer killed with SIGKILL whose parent died too is
 * reparented to init, which may reap it late (a container's or a microVM's init may never), and
 * until then kill(pid, 0) still succeeds, so its state in /proc/<pid>/stat is read where there is one.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return true; // no /proc (macOS, Windows): kill(pid, 0) is all there is
  }
}
