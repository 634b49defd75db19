/**
 * Import specs: a folder of other tools' step logs named in a spec (data/experiments/imported.json),
 * so the default build shows those runs next to the simulated ones. `goodhart validate` checks one,
 * `goodhart run` imports its folder and writes what `goodhart import` writes; the Import page's
 * build-time section reads src/data/imported.zip.ts. Reads files; the importer itself stays pure.
 */
import {existsSync, readFileSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {SpecError, checkKeys, closest, fail, safeName, str} from "../../spec-validators.ts";
import {ImportError, importLogs, normalizeMapping, reportLines} from "../../import/index.ts";
import type {ImportedLog, Mapping} from "../../import/index.ts";
import {isLogName, logExtensions} from "../../import/log-names.ts";
import {expandLogPaths} from "../../io/log-paths.ts";
import {encodeRows} from "../../io/arrow.ts";
import {curves, importedRunTables, importedTables, runs} from "../../io/schema/index.ts";
import {isRecord, messageOf} from "../../narrow.ts";

/** A validated import spec. */
export interface ImportSpec {
  /** "import": a folder of logs made by other tools, not an experiment to run */
  readonly kind: "import";
  /** runs.experiment of every imported run */
  readonly name: string;
  /** what the logs are, in prose (default "") */
  readonly description: string;
  /** the folder of logs, relative to the current folder (the project root); every file in it with a log extension is imported, in name order */
  readonly logs: string;
  /** columns for the roles, for every log (loaders/import/mapping.ts); default: the aliases */
  readonly mapping: Mapping;
  /** per file name, a mapping that overrides `mapping` field by field (default none) */
  readonly files: Readonly<Record<string, Mapping>>;
  /** fail on the first problem of any log, as goodhart import --strict (default false) */
  readonly strict: boolean;
  /** per log file name, the per-sample logs of its run (files or folders, relative to the project root), as goodhart import --samples (default none) */
  readonly samples: Readonly<Record<string, readonly string[]>>;
  /** stop strings at which each completion of the per-sample logs is cut, as goodhart import --stop (default none) */
  readonly stop: readonly string[];
}

// Which files of a folder are logs: shared with the Import page (a dropped folder), so in loaders/import/.
export {isLogName, logExtensions};

const keys = ["kind", "name", "description", "logs", "mapping", "files", "strict", "samples", "stop"];

/** Whether a spec file asks for an import (kind "import"); false for anything else, unreadable included (loadSpec says why). */
export function isImportSpecFile(path: string): boolean {
  try {
    const json: unknown = JSON.parse(readFileSync(path, "utf8"));
    return isRecord(json) && json.kind === "import";
  } catch {
    return false;
  }
}

/** Checks an import spec's JSON; errors name the field, the value and the fix. */
export function normalizeImportSpec(json: unknown): ImportSpec {
  if (!isRecord(json)) fail("spec", json, 'a JSON object such as {"kind": "import", "name": "imported", "logs": "data/logs/"}');
  checkKeys(json, keys, "");
  if (json.kind !== "import") fail("kind", json.kind, '"import" (a folder of logs)');
  const name = safeName(json.name, "name");
  const description = json.description === undefined ? "" : str(json.description, "description");
  const logs = str(json.logs, "logs");
  const mapping = mappingOf(json.mapping ?? {}, "mapping");
  const rawFiles = json.files ?? {};
  if (!isRecord(rawFiles)) fail("files", rawFiles, 'an object of file name -> mapping, such as {"ppo.json": {"gold": "judge/helpfulness"}}');
  const files = Object.fromEntries(Object.entries(rawFiles).map(([file, m]) => [file, mappingOf(m, `files.${file}`)]));
  if (json.strict !== undefined && typeof json.strict !== "boolean") fail("strict", json.strict, "true or false");
  const samples = samplesOf(json.samples ?? {});
  const stop = stopOf(json.stop ?? [], Object.keys(samples).length > 0);
  return {kind: "import", name, description, logs, mapping, files, strict: json.strict === true, samples, stop};
}

const samplesExample = '{"run.json": "data/logs/samples/"} (a log of the folder -> a per-sample log, a folder of them, or a list of either)';

function samplesOf(value: unknown): Record<string, readonly string[]> {
  if (!isRecord(value)) fail("samples", value, `an object such as ${samplesExample}`);
  return Object.fromEntries(Object.entries(value).map(([file, paths]) => {
    const list = typeof paths === "string" ? [paths] : paths;
    if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === "string" && p.length > 0)) fail(`samples.${file}`, paths, "a path, relative to the project root, of a per-sample log or a folder of them, or a non-empty list of such paths");
    return [file, list.map(String)];
  }));
}

function stopOf(value: unknown, withSamples: boolean): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === "string")) fail("stop", value, 'a list of stop strings, such as ["</s>", "\\n\\nUser:"]');
  value.forEach((s: string, i) => {
    if (s === "") fail(`stop[${i}]`, s, 'the text a completion ends at, such as "</s>"');
  });
  if (value.length > 0 && !withSamples) fail("stop", value, "stop strings with samples (they cut the completions of per-sample logs), or no stop");
  return value.map(String);
}

function mappingOf(value: unknown, field: string): Mapping {
  try {
    return normalizeMapping(value, field);
  } catch (error) {
    if (error instanceof ImportError) throw new SpecError(error.message);
    throw error;
  }
}

/** Reads and validates an import spec, and checks that its folder and the files it names exist. */
export function loadImportSpec(path: string): ImportSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SpecError(`${path}: cannot read the spec (${messageOf(error)})`);
  }
  try {
    const spec = normalizeImportSpec(json);
    logFiles(spec);
    return spec;
  } catch (error) {
    if (error instanceof SpecError) throw new SpecError(`${path}: ${error.message}`);
    throw error;
  }
}

/** The log files of the spec's folder, in name order; a missing folder, an empty one or a `files` entry that is not there is a SpecError. */
export function logFiles(spec: ImportSpec): string[] {
  if (!existsSync(spec.logs) || !statSync(spec.logs).isDirectory()) fail("logs", spec.logs, "a folder of logs, relative to the project root, e.g. data/logs/");
  const names = readdirSync(spec.logs).filter((f) => isLogName(f) && statSync(join(spec.logs, f)).isFile()).sort();
  if (!names.length) fail("logs", spec.logs, `a folder holding at least one log (${logExtensions.join(", ")})`);
  for (const [field, named] of [["files", Object.keys(spec.files)], ["samples", Object.keys(spec.samples)]] as const) {
    for (const file of named) {
      if (!names.includes(file)) {
        const guess = closest(file, names);
        throw new SpecError(`invalid ${field}.${file}: no such log in ${spec.logs}${guess ? ` (did you mean ${guess}?)` : ""} (logs there: ${names.join(", ")})`);
      }
    }
  }
  for (const [file, paths] of Object.entries(spec.samples)) {
    for (const path of paths) {
      if (!existsSync(path)) fail(`samples.${file}`, path, "a per-sample log or a folder of them that exists, relative to the project root");
    }
    if (sampleFiles(paths).length === 0) fail(`samples.${file}`, paths.length === 1 ? paths[0] : paths, `a folder holding at least one per-sample log (${logExtensions.join(", ")})`);
  }
  return names;
}

/** The per-sample log files under the given paths, named as goodhart import --samples names them. */
function sampleFiles(paths: readonly string[]): {path: string; name: string}[] {
  return expandLogPaths(paths, isLogName);
}

/** Imports every log of the spec's folder (its mapping, then the file's own over it), reporting each on `log`. */
export async function importSpecLogs(spec: ImportSpec, {engineVersion = "unknown", log = (line: string) => process.stderr.write(`${line}\n`)}: {engineVersion?: string; log?: (line: string) => void} = {}): Promise<ImportedLog[]> {
  const imported: ImportedLog[] = [];
  for (const file of logFiles(spec)) {
    const bytes = new Uint8Array(readFileSync(join(spec.logs, file)));
    const paths = spec.samples[file];
    const samples = paths ? sampleFiles(paths).map(({path, name}) => ({name, input: new Uint8Array(readFileSync(path))})) : undefined;
    for (const one of await importLogs(bytes, {name: file, experiment: spec.name, mapping: {...spec.mapping, ...spec.files[file]}, strict: spec.strict, engineVersion, ...(samples && {samples, stop: spec.stop})})) {
      for (const line of reportLines(one)) log(line);
      imported.push(one);
    }
  }
  return imported;
}

/** The Arrow tables goodhart import writes, from imported logs: runs, curves, imported_metrics, imported_analysis, imported_runs, imported_bounds, imported_samples. */
export function importedArrow(imported: readonly ImportedLog[]): Record<"runs" | "curves" | "imported_metrics" | "imported_analysis" | "imported_runs" | "imported_bounds" | "imported_samples", Uint8Array> {
  return {
    runs: encodeRows(runs, imported.map((i) => i.runs)),
    curves: encodeRows(curves, imported.flatMap((i) => i.curves)),
    imported_metrics: encodeRows(importedTables.imported_metrics, imported.flatMap((i) => i.metrics)),
    imported_analysis: encodeRows(importedTables.imported_analysis, imported.map((i) => i.analysis)),
    imported_runs: encodeRows(importedRunTables.imported_runs, imported.map((i) => i.importedRun)),
    imported_bounds: encodeRows(importedRunTables.imported_bounds, imported.flatMap((i) => i.bounds)),
    imported_samples: encodeRows(importedRunTables.imported_samples, imported.flatMap((i) => i.samples))
  };
}
