import {readFileSync} from "node:fs";
import {SpecError, checkKeys, closest, fail, int, safeName, str} from "../../spec-validators.ts";
import {type PrimaryClaim, normalizePrimaries} from "../../analysis/primaries-spec.ts";
import {isKindName, kindOf} from "../kinds/index.ts";
import type {KindName, RunPlan} from "../kinds/index.ts";
import {codeOf, isRecord, messageOf} from "../../narrow.ts";
import {checkPrimarySubjects} from "./setting-columns.ts";

/** A validated experiment spec (data/experiments/*.json). */
export interface ExperimentSpec {
  /** the world kind (kinds/index.ts): "pool" (a synthetic world with a finite pool of responses per prompt, the default) or "text" (a language model, kinds/text/) */
  readonly kind: KindName;
  /** the experiment's name, recorded as runs.experiment (lowercase letters, digits, - and _) */
  readonly name: string;
  /** what the experiment asks, in prose (default "") */
  readonly description: string;
  /** the seeds every configuration runs on: a count n (seeds 1 to n) or a list of distinct integers (default [1]) */
  readonly seeds: readonly number[];
  /** the run config every sweep starts from: its sections (world, preferences, ...), each optional */
  readonly base: Readonly<Record<string, unknown>>;
  /** the sweeps, each a set of runs (default one sweep "default" of the base alone) */
  readonly sweeps: readonly Sweep[];
  /** the claims the experiment exists to test, declared before any result (primaries-spec.ts); the rest of its findings are exploratory */
  readonly primaries: readonly PrimaryClaim[];
}

/** A sweep: `set` overrides the base; every combination of the `axes` values becomes a run per seed. */
export interface Sweep {
  /** the sweep's name, unique in the spec, recorded as runs.sweep */
  readonly name: string;
  /** run-config sections merged over the base for this sweep (default {}) */
  readonly set: Readonly<Record<string, unknown>>;
  /** dotted path (e.g. "preferences.label_noise") -> values */
  readonly axes: Readonly<Record<string, readonly unknown[]>>;
}

/** Reads and validates a spec file; errors name the file, the field, the value and the fix. */
export function loadSpec(path: string): ExperimentSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SpecError(`${path}: cannot read the spec (${String(codeOf(error) ?? error)}); pass the path of a JSON file such as data/experiments/overoptimization.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SpecError(`${path}: not valid JSON (${messageOf(error)})`);
  }
  try {
    return normalizeSpec(json);
  } catch (error) {
    if (error instanceof SpecError) throw new SpecError(`${path}: ${error.message}`);
    throw error;
  }
}

/** The most runs one spec may expand to: more cannot be held, run or read back in one invocation. */
export const maxRuns = 100_000;

export function normalizeSpec(json: unknown): ExperimentSpec {
  if (!isRecord(json)) fail("spec", json, "a JSON object with name, seeds and sweeps");
  const kind = json.kind === undefined ? "pool" : json.kind;
  if (kind === "import") fail("kind", kind, 'an experiment kind here: an import spec (a folder of logs) is read by loadImportSpec (run/spec/import-spec.ts), as goodhart validate and run do');
  if (!isKindName(kind)) fail("kind", kind, '"pool" (a synthetic world, the default), "text" (a language model) or "import" (a folder of logs, run/spec/import-spec.ts)');
  checkKeys(json, ["kind", "name", "description", "seeds", "primaries", "base", "sweeps"], "");
  const allowed = kindOf(kind).sections.filter((s) => s !== "seed");
  const name = safeName(json.name, "name");
  const description = json.description === undefined ? "" : str(json.description, "description");
  const seeds = normalizeSeeds(json.seeds === undefined ? [1] : json.seeds);
  const base = json.base === undefined ? {} : json.base;
  if (!isRecord(base)) fail("base", base, "an object of run-config sections");
  checkKeys(base, allowed, "base");
  const rawSweeps = json.sweeps === undefined ? [{name: "default"}] : json.sweeps;
  if (!Array.isArray(rawSweeps) || rawSweeps.length === 0) fail("sweeps", rawSweeps, "a non-empty array of {name, set, axes}");
  const sweeps = rawSweeps.map((s, i) => normalizeSweep(s, `sweeps[${i}]`, allowed));
  const names = new Set<string>();
  for (const s of sweeps) {
    if (names.has(s.name)) fail("sweeps[].name", s.name, "unique sweep names");
    names.add(s.name);
  }
  const primaries = normalizePrimaries(json.primaries, {seeds: seeds.length, kind});
  const spec: ExperimentSpec = {kind, name, description, seeds, base, sweeps, primaries};
  const count = sweeps.reduce((n, s) => n + Object.values(s.axes).reduce((m, values) => m * values.length, 1), 0) * seeds.length;
  if (count > maxRuns) fail("sweeps", `${count} runs`, `at most ${maxRuns} runs per spec (fewer axis values or seeds, or several specs)`);
  expandRuns(spec); // validate every run now, so a bad value fails before anything runs
  return spec;
}

function normalizeSeeds(value: unknown): number[] {
  if (typeof value === "number") return Array.from({length: int(1, 1000)(value, "seeds")}, (_, i) => i + 1);
  if (!Array.isArray(value) || value.length === 0) fail("seeds", value, "a count such as 5, or a non-empty array of integer seeds");
  const seeds = value.map((v, i) => int(0, 2 ** 31 - 1)(v, `seeds[${i}]`));
  if (new Set(seeds).size !== seeds.length) fail("seeds", value, "distinct seeds");
  return seeds;
}

function normalizeSweep(value: unknown, field: string, allowed: readonly string[]): Sweep {
  if (!isRecord(value)) fail(field, value, "an object {name, set, axes}");
  checkKeys(value, ["name", "set", "axes"], field);
  const name = str(value.name, `${field}.name`);
  const set = value.set ?? {};
  if (!isRecord(set)) fail(`${field}.set`, set, "an object of run-config sections");
  checkKeys(set, allowed, `${field}.set`);
  const axes = value.axes ?? {};
  if (!isRecord(axes)) fail(`${field}.axes`, axes, 'an object such as {"preferences.label_noise": [0, 0.25]}');
  const checked: Record<string, unknown[]> = {};
  for (const [path, values] of Object.entries(axes)) {
    const section = path.split(".")[0];
    if (!allowed.includes(section)) {
      const guess = closest(section, allowed);
      throw new SpecError(`unknown axis ${field}.axes["${path}"]${guess ? ` (did you mean ${[guess, ...path.split(".").slice(1)].join(".")}?)` : ""} (an axis is a dotted path into one of: ${allowed.join(", ")}; seeds are set by "seeds")`);
    }
    if (!path.split(".").every((key) => /^[a-z_][a-z0-9_]*$/.test(key) && !reserved.has(key))) fail(`${field}.axes["${path}"]`, path, 'a dotted path of field names, such as "preferences.label_noise"');
    if (!Array.isArray(values) || values.length === 0) fail(`${field}.axes["${path}"]`, values, "a non-empty array of values");
    checked[path] = values;
  }
  return {name, set, axes: checked};
}

/** Keys an assignment would not store as data (`out["__proto__"] = v` sets the prototype). */
const reserved = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Deep merge of plain objects (arrays and scalars replace). Keys are defined, not assigned, so a
 * "__proto__" key from JSON stays a key (and fails as an unknown field) instead of vanishing.
 */
export function merge(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {...a};
  for (const [k, v] of Object.entries(b)) {
    const own = Object.hasOwn(out, k) ? out[k] : undefined;
    Object.defineProperty(out, k, {value: isRecord(v) && isRecord(own) ? merge(own, v) : v, enumerable: true, writable: true, configurable: true});
  }
  return out;
}

function setPath(path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split(".");
  return {[key]: rest.length ? setPath(rest.join("."), value) : value};
}

/**
 * Expands a spec into runs: for each sweep, base <- set <- one combination of axis values, for
 * each seed. Identical configs (same run_id) are kept once, under the first sweep that names them.
 */
export function expandRuns(spec: ExperimentSpec): RunPlan[] {
  const plans = new Map<string, RunPlan>();
  for (const sweep of spec.sweeps) {
    const axes = Object.entries(sweep.axes);
    const combos = axes.reduce<Record<string, unknown>[]>(
      (acc, [path, values]) => acc.flatMap((c) => values.map((v) => merge(c, setPath(path, v)))),
      [{}]
    );
    for (const combo of combos) {
      for (const seed of spec.seeds) {
        const raw = merge(merge(merge(spec.base, sweep.set), combo), {seed});
        let plan: RunPlan;
        try {
          plan = planOf(spec, sweep.name, raw);
        } catch (error) {
          if (!(error instanceof SpecError)) throw error;
          if (error.message === baseError(spec, seed)) throw new SpecError(`base: ${error.message}`);
          const where = axes.length ? ` with ${axes.map(([p]) => `${p}=${JSON.stringify(p.split(".").reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), combo))}`).join(", ")}` : "";
          throw new SpecError(`sweep "${sweep.name}"${where}: ${error.message}`);
        }
        if (!plans.has(plan.run_id)) plans.set(plan.run_id, plan);
      }
    }
  }
  checkPrimarySubjects(spec.primaries, [...plans.values()]);
  return [...plans.values()];
}

function planOf(spec: ExperimentSpec, sweep: string, raw: Record<string, unknown>): RunPlan {
  return planOfKind(spec.kind, {experiment: spec.name, sweep}, raw);
}

/** A plan of kind K: its config resolved by that kind, and its id. */
function planOfKind<K extends KindName>(kind: K, where: {experiment: string; sweep: string}, raw: Record<string, unknown>): RunPlan<K> {
  const config = kindOf(kind).normalize(raw);
  return {kind, run_id: kindOf(kind).runId(config), ...where, config};
}

/**
 * The error the base alone gives with this seed, if any. A sweep point's error that the base gives
 * word for word comes from the base (the sweep did not touch that field), so it is named as `base`.
 */
function baseError(spec: ExperimentSpec, seed: number): string | undefined {
  try {
    planOf(spec, "base", merge(spec.base, {seed}));
    return undefined;
  } catch (error) {
    return error instanceof SpecError ? error.message : undefined;
  }
}

/** The distinct worlds (tasks) the runs are drawn over (their kind's worldKey). */
export function countWorlds(plans: readonly RunPlan[]): number {
  return new Set(plans.map((plan) => kindOf(plan.kind).worldKey(plan.config))).size;
}

/** Groups runs that share a reward-model stage (their kind's groupKey); groups keep the order of their first run. */
export function groupRuns<P extends RunPlan>(plans: readonly P[]): P[][] {
  const groups = new Map<string, P[]>();
  for (const plan of plans) {
    const key = kindOf(plan.kind).groupKey(plan.config);
    const group = groups.get(key);
    if (group) group.push(plan);
    else groups.set(key, [plan]);
  }
  return [...groups.values()];
}
