/**
 * The reseeding check's record: what `goodhart reseed-check <spec> --record` writes to
 * data/reseed/<experiment>.json (committed), and what the page loaders and `npm run results` read.
 * The build never reruns the check: it doubles the cost of the experiment.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {writeFileAtomic} from "../io/arrow.ts";
import {propertyOf} from "../narrow.ts";
import type {Row} from "../io/schema/index.ts";
import type {reseed} from "../io/schema/index.ts";
import {compareFindings, type Finding} from "./findings-compare.ts";

/** One seed set's estimate of a finding. */
export interface SeedSetResult {
  verdict: string;
  /** null when no seed measured it */
  effect: number | null;
  /** null when not_tested */
  lower: number | null;
  upper: number | null;
  /** nominal coverage of [lower, upper] (findings.interval_level: a primary's Holm step, 0.9 for exploratory rows) */
  interval_level: number;
  seeds_supporting: number;
  seeds_total: number;
}

export interface ReseedRecord {
  experiment: string;
  /**
   * Where the primary claims were declared: the spec's path (as given to reseed-check) and the
   * sha256 of its bytes when the check ran. Absent in records made before it was recorded.
   */
  spec?: {path: string; sha256: string};
  /** the first seed set (the spec's unless --seeds) and the disjoint one it was compared with */
  seeds: number[];
  against: number[];
  /** ISO 8601 date of the check */
  date: string;
  engine_version: string;
  /** whether the check passed: every id in both sets, none reversed */
  ok: boolean;
  /** one entry per finding_id both sets state: a is the first seed set, b the other */
  findings: {finding_id: string; claim: string; role: string; reversed: boolean; a: SeedSetResult; b: SeedSetResult}[];
  /** ids only one seed set states */
  missing: {finding_id: string; claim: string; in: "seeds" | "against"}[];
}

/** The path of an experiment's record. */
export const reseedPath = (experiment: string): string => `data/reseed/${experiment}.json`;

const finite = (x: number | null) => (x === null || Number.isNaN(x) ? null : x);
const result = ({verdict, effect, lower, upper, interval_level, seeds_supporting, seeds_total}: Finding): SeedSetResult => ({verdict, effect: finite(effect), lower: finite(lower), upper: finite(upper), interval_level, seeds_supporting, seeds_total});

/** The sha256 (hex) of a file's bytes; null when it does not exist. */
export function fileSha256(path: string): string | null {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : null;
}

/** Builds the record of a reseeding check from the findings of both seed sets. */
export function reseedRecord(a: readonly Finding[], b: readonly Finding[], options: {experiment: string; seeds: readonly number[]; against: readonly number[]; engineVersion: string; date?: Date; spec?: {path: string; sha256: string}}): ReseedRecord {
  const cmp = compareFindings(a, b);
  const reversed = new Set(cmp.reversed.map(({a}) => a.finding_id));
  return {
    experiment: options.experiment,
    ...(options.spec ? {spec: {...options.spec}} : {}),
    seeds: [...options.seeds],
    against: [...options.against],
    date: (options.date ?? new Date()).toISOString().slice(0, 10),
    engine_version: options.engineVersion,
    ok: cmp.ok,
    findings: cmp.matched.map(({a, b}) => ({finding_id: a.finding_id, claim: a.claim, role: a.role ?? "exploratory", reversed: reversed.has(a.finding_id), a: result(a), b: result(b)})),
    missing: [...cmp.onlyA.map((f) => ({finding_id: f.finding_id, claim: f.claim, in: "seeds" as const})), ...cmp.onlyB.map((f) => ({finding_id: f.finding_id, claim: f.claim, in: "against" as const}))]
  };
}

/** Writes a record atomically, as JSON with one line per finding (diffs read per finding). */
export function writeReseedRecord(path: string, record: ReseedRecord): void {
  const {findings, missing, ...head} = record;
  const list = (xs: readonly unknown[]) => (xs.length ? `[\n${xs.map((x) => `  ${JSON.stringify(x)}`).join(",\n")}\n ]` : "[]");
  const fields = [...Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`), ` "findings": ${list(findings)}`, ` "missing": ${list(missing)}`];
  writeFileAtomic(path, `{\n${fields.join(",\n")}\n}\n`);
}

const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((s) => typeof s === "number");
const isResult = (x: unknown): x is SeedSetResult => {
  const at = (k: string) => propertyOf(x, k);
  return typeof x === "object" && x !== null && typeof at("verdict") === "string" && ["effect", "lower", "upper"].every((k) => at(k) === null || typeof at(k) === "number") && ["interval_level", "seeds_supporting", "seeds_total"].every((k) => typeof at(k) === "number");
};

/** Whether parsed JSON is a reseed record. */
export function isReseedRecord(x: unknown): x is ReseedRecord {
  if (typeof x !== "object" || x === null) return false;
  const at = (k: string) => propertyOf(x, k);
  if (typeof at("experiment") !== "string" || typeof at("date") !== "string" || typeof at("engine_version") !== "string" || typeof at("ok") !== "boolean") return false;
  const spec = at("spec");
  if (spec !== undefined && (typeof spec !== "object" || spec === null || typeof propertyOf(spec, "path") !== "string" || typeof propertyOf(spec, "sha256") !== "string")) return false;
  const findings = at("findings");
  if (!isNumbers(at("seeds")) || !isNumbers(at("against")) || !Array.isArray(findings) || !Array.isArray(at("missing"))) return false;
  return findings.every((f: unknown) => {
    const of = (k: string) => propertyOf(f, k);
    return typeof of("finding_id") === "string" && typeof of("claim") === "string" && (of("role") === undefined || typeof of("role") === "string") && typeof of("reversed") === "boolean" && isResult(of("a")) && isResult(of("b"));
  });
}

/** Reads a record; null when the file does not exist. Throws, naming the file, when it is not a record. */
export function readReseedRecord(path: string): ReseedRecord | null {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isReseedRecord(parsed)) throw new Error(`${path}: not a reseed record (expected the JSON goodhart reseed-check --record writes; rerun it)`);
  return parsed;
}

/** Seeds as a range where they are consecutive (11-20), else a list (1,2,5). */
export function seedRange(seeds: readonly number[]): string {
  return seeds.length > 2 && seeds.at(-1)! - seeds[0] === seeds.length - 1 ? `${seeds[0]}-${seeds.at(-1)}` : seeds.join(",");
}

/**
 * The `reseed` table's rows (io/schema/reseed.ts) of a record; none without one. `current` says
 * whether this build's own finding (`findings`, the same seeds) still has the record's verdict and
 * effect: a record made before the engine, the spec or the seeds changed is stale, finding by finding.
 * `spec_current` compares the spec file's bytes now (read from `record.spec.path`, relative to the
 * working directory) with the hash the record holds.
 */
export function reseedRows(record: ReseedRecord | null, findings: readonly Record<string, unknown>[]): Row<typeof reseed>[] {
  if (!record) return [];
  const specNow = record.spec ? fileSha256(record.spec.path) : null;
  const now = new Map(findings.map((f) => [String(f.finding_id), f]));
  const same = (x: number | null, y: unknown) => (x === null ? y === null || (typeof y === "number" && Number.isNaN(y)) : typeof y === "number" && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)));
  return record.findings.map(({finding_id, claim, role, reversed, a, b}) => ({
    current: now.get(finding_id)?.verdict === a.verdict && same(a.effect, now.get(finding_id)?.effect),
    finding_id,
    claim,
    role: role ?? "exploratory",
    reversed,
    seeds: seedRange(record.seeds),
    verdict: a.verdict,
    effect: a.effect,
    lower: a.lower,
    upper: a.upper,
    interval_level: a.interval_level,
    seeds_supporting: a.seeds_supporting,
    seeds_total: a.seeds_total,
    other_seeds: seedRange(record.against),
    other_verdict: b.verdict,
    other_effect: b.effect,
    other_lower: b.lower,
    other_upper: b.upper,
    other_interval_level: b.interval_level,
    other_seeds_supporting: b.seeds_supporting,
    other_seeds_total: b.seeds_total,
    checked: record.date,
    engine_version: record.engine_version,
    spec_path: record.spec?.path ?? null,
    spec_sha256: record.spec?.sha256 ?? null,
    spec_current: record.spec ? specNow === record.spec.sha256 : null
  }));
}
