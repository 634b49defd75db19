import {roleAliases} from "./aliases.ts";
import type {IssueLog} from "./issues.ts";
import type {RawRow} from "./raw-row.ts";
import {metricValue} from "./values.ts";

/** One step of a cleaned log: the numeric values of its training row, with its eval row's merged in. */
export interface StepRecord {
  readonly step: number;
  /** line of the row the step comes from (the training row when there is one) */
  readonly line: number;
  /** whether a training row (not only an eval row) logged this step */
  readonly train: boolean;
  readonly values: Readonly<Record<string, number>>;
  /** keys whose value was NaN or infinite (skipped and reported) */
  readonly nonFinite: ReadonlySet<string>;
}

/** Keys of Hugging Face's end-of-training summary row: run totals, not a step. */
const summaryKeys = ["train_runtime", "total_flos", "train_samples_per_second", "train_steps_per_second"];
const isEvalKey = (key: string) => /^(eval|test|val)[_/-]/.test(key);
/** Step columns of eval rows (OpenRLHF logs eval/* on eval/global_step), read when the row has no step of its own. */
const evalStepColumns = ["eval/global_step", "eval/step", "eval_step"];
/** Keys that say when, not what: steps, W&B's bookkeeping (_runtime, _timestamp). An eval row is one whose other keys are all eval metrics. */
const stepLike = new Set<string>([...roleAliases.step, "epoch", "episode", ...evalStepColumns, "eval/epoch", "_runtime", "_timestamp"]);

interface Row {
  line: number;
  step: number;
  values: Record<string, number>;
  nonFinite: Set<string>;
}

/**
 * Turns raw rows into one record per step, in step order:
 * 1. values become numbers; NaN and infinities (bare or as strings) are skipped, each reported;
 * 2. the summary row (train_runtime, total_flos, ...) is set aside; eval rows (every metric named
 *    eval_* / eval/* / test_* / val-core/* / val/*) are kept apart from training rows;
 * 3. each row's step is read from `stepColumn` (an integer >= 0; other rows are skipped; an eval row
 *    without one reads eval/global_step, eval/step or eval_step), or, with none, is the training
 *    row's position 1, 2, ... (eval rows take the step of the row before);
 * 4. duplicates, within training rows and within eval rows: a row whose step is not above every
 *    step before it starts a resumed run (from a checkpoint), so the earlier rows at that step or
 *    later are dropped: every step keeps its LAST occurrence. Two consecutive rows of the same step
 *    with no key in common are one logging call split in two and are merged;
 * 5. eval rows are merged into the training row of their step (training values win); an eval row
 *    at a step no training row logged (evaluation every k steps, off the logging grid) is aligned
 *    to the nearest training step (the earlier on a tie) that has none of its keys, and reported.
 */
export function cleanRows(rows: readonly RawRow[], stepColumn: string | null, log: IssueLog): StepRecord[] {
  const train: Row[] = [], evals: Row[] = [];
  let ordinal = 0;
  for (const raw of rows) {
    // 1. Numbers.
    const values: Record<string, number> = {}, nonFinite = new Set<string>();
    for (const [key, value] of Object.entries(raw.values)) {
      const m = metricValue(value);
      if (m.kind === "number") values[key] = m.value;
      else if (m.kind === "non_finite") nonFinite.add(key);
    }
    // 2. Summary and eval rows.
    const summary = summaryKeys.filter((k) => k in values || nonFinite.has(k));
    if (summary.length) {
      log.note(raw.line, "summary_row", `final summary row (${summary.join(", ")}): run totals, not a step: set aside`);
      continue;
    }
    const metrics = [...Object.keys(values), ...nonFinite].filter((k) => !stepLike.has(k));
    const isEval = metrics.length > 0 && metrics.every(isEvalKey);
    // 3. The step.
    let step: number;
    if (stepColumn === null) step = isEval ? Math.max(ordinal, 0) : ++ordinal;
    else {
      const evalStep = isEval ? evalStepColumns.find((c) => values[c] !== undefined) : undefined;
      const value = values[stepColumn] ?? (evalStep === undefined ? undefined : values[evalStep]);
      if (value === undefined) {
        log.problem(raw.line, "no_step", `no ${stepColumn} value${nonFinite.has(stepColumn) ? " (not finite)" : ""}: row skipped`);
        continue;
      }
      if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
        log.problem(raw.line, "bad_step", `${stepColumn} ${value} is not a step (expected an integer >= 0): row skipped`);
        continue;
      }
      step = value;
    }
    for (const key of nonFinite) {
      if (key !== stepColumn) log.problem(raw.line, "non_finite", `${key} is ${String(raw.values[key]).trim()}: value skipped`);
    }
    delete values[stepColumn ?? ""];
    (isEval ? evals : train).push({line: raw.line, step, values, nonFinite});
  }
  if (evals.length) log.note(evals[0].line, "eval_rows", `${evals.length} eval rows (${[...new Set(evals.flatMap((r) => Object.keys(r.values).filter((k) => !stepLike.has(k))))].slice(0, 4).join(", ")}, ...) kept apart from training rows and merged into their step`);
  // 4. Duplicates, then 5. merge by step.
  const trained = dedupe(train, "training", log);
  const byStep = new Map<number, StepRecord>();
  for (const r of alignEvals(dedupe(evals, "eval", log), trained, log)) byStep.set(r.step, {step: r.step, line: r.line, train: false, values: r.values, nonFinite: r.nonFinite});
  for (const r of trained) {
    const e = byStep.get(r.step);
    byStep.set(r.step, {step: r.step, line: r.line, train: true, values: {...e?.values, ...r.values}, nonFinite: new Set([...(e?.nonFinite ?? []), ...r.nonFinite])});
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Step 5's alignment: eval rows off the training steps move to the nearest free training step. */
function alignEvals(evals: readonly Row[], train: readonly Row[], log: IssueLog): Row[] {
  if (!train.length) return [...evals];
  const steps = train.map((r) => r.step), trained = new Set(steps), taken = new Set(evals.map((e) => e.step));
  const moved: string[] = [];
  let firstLine = 0;
  const out = evals.map((e) => {
    if (trained.has(e.step)) return e;
    const nearest = nearestStep(steps, e.step);
    if (taken.has(nearest)) return e;
    taken.add(nearest);
    moved.push(`${e.step}->${nearest}`);
    firstLine ||= e.line;
    return {...e, step: nearest};
  });
  if (moved.length) log.note(firstLine, "eval_aligned", `${moved.length} eval rows at steps without a training row aligned to the nearest training step (${moved.slice(0, 6).join(", ")}${moved.length > 6 ? ", ..." : ""})`);
  return out;
}

/** The value of sorted `steps` nearest to `step` (the earlier on a tie), by bisection. */
function nearestStep(steps: readonly number[], step: number): number {
  let lo = 0, hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && step - steps[lo - 1] <= steps[lo] - step ? steps[lo - 1] : steps[lo];
}

function dedupe(rows: readonly Row[], kind: string, log: IssueLog): Row[] {
  const kept: Row[] = [];
  for (const row of rows) {
    const last = kept.at(-1);
    if (last && row.step === last.step && !Object.keys(row.values).some((k) => k in last.values)) {
      Object.assign(last.values, row.values);
      row.nonFinite.forEach((k) => last.nonFinite.add(k));
      log.note(row.line, "merged", `${kind} step ${row.step} continues the row of line ${last.line} (no key in common): merged`);
      continue;
    }
    if (last && row.step <= last.step) {
      // kept is in increasing step order, so its last row holds the largest step
      const dropped = kept.filter((r) => r.step >= row.step);
      kept.splice(0, kept.length, ...kept.filter((r) => r.step < row.step));
      const same = dropped.length === 1 && dropped[0].step === row.step && sameValues(dropped[0].values, row.values);
      const lines = dropped.length === 1 ? `line ${dropped[0].line}` : `lines ${dropped[0].line}-${dropped.at(-1)!.line}`;
      const steps = dropped.length === 1 ? `step ${dropped[0].step}` : `steps ${dropped[0].step}-${dropped.at(-1)!.step}`;
      if (same) log.note(row.line, "repeated_row", `${kind} step ${row.step} repeats ${lines} with the same values: kept once`);
      else log.problem(row.line, "duplicate_step", `${kind} step ${row.step} again after step ${last.step} (a resume from a checkpoint?): the later rows win, ${dropped.length} earlier rows dropped (${lines}, ${steps})`);
    }
    kept.push(row);
  }
  return kept;
}

function sameValues(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
