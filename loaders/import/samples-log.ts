import {decodeText} from "./formats.ts";
import type {LogInput} from "./formats.ts";
import {ImportError} from "./issues.ts";
import type {IssueLog} from "./issues.ts";
import {JsonReader, JsonSyntaxError} from "./lenient-json.ts";
import {metricValue} from "./values.ts";

/*
 * Per-sample logs: the completions a trainer wrote at some steps, reduced to per-step text
 * metrics that sit beside proxy and gold (imported_metrics, names samples/*), so a reader sees
 * whether the proxy's rise is length or repetition.
 * - OpenRLHF's eval_samples_step_<N>.jsonl: one sample per line, the step in the file's name;
 * - TRL's completions log (GRPO/RLOO log_completions): a W&B table exported as JSON
 *   ({"columns": [...], "data": [[...], ...]}) or as JSONL/a JSON list of rows, with a step column.
 * A sample's text is its first field of completion, output, response, generated_text, text; its
 * reward (optional) the first of reward, score, rewards.
 */

const stepFields = ["step", "global_step", "_step"];
const textFields = ["completion", "output", "response", "generated_text", "text"];
const rewardFields = ["reward", "score", "rewards"];

/** Word and punctuation tokens as Kim & Seo's white-box functions count them (\w+|[^\w\s]+), with any Unicode letter or digit a word character. */
export function sampleTokens(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]+/gu) ?? [];
}

/** Distinct-n (Li et al. 2016): distinct n-grams over all n-grams of the texts' tokens (null when there are none). */
export function distinctN(tokenLists: readonly (readonly string[])[], n: number): number | null {
  const seen = new Set<string>();
  let total = 0;
  for (const tokens of tokenLists) {
    for (let i = 0; i + n <= tokens.length; ++i) {
      seen.add(tokens.slice(i, i + n).join("\u0000"));
      ++total;
    }
  }
  return total ? seen.size / total : null;
}

/** One step's text metrics: samples, mean characters, mean tokens, distinct-1, distinct-2, mean reward. */
export interface SampleStep {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Reads a per-sample log and reduces it to one row per step (in step order): samples/count,
 * samples/mean_chars, samples/mean_tokens (./sampleTokens), samples/distinct_1, samples/distinct_2
 * (over the step's completions together), samples/reward_mean when samples carry a reward.
 * A sample without text or step is skipped and reported; a file with none throws ImportError.
 */
export function sampleSteps(input: LogInput, log: IssueLog, {name = "samples"}: {name?: string} = {}): SampleStep[] {
  const text = decodeText(input);
  const fileStep = /step[_-]?(\d+)/i.exec(name);
  const byStep = new Map<number, {texts: string[]; rewards: number[]}>();
  let skipped = 0, firstSkipped = 0;
  for (const {line, sample} of sampleRecords(text, log)) {
    const step = stepFields.map((f) => metricValue(sample[f])).find((m) => m.kind === "number");
    const at = step?.kind === "number" ? step.value : fileStep ? Number(fileStep[1]) : null;
    const body = textFields.map((f) => sample[f]).find((v): v is string => typeof v === "string");
    if (at === null || !Number.isInteger(at) || body === undefined) {
      (skipped += 1), (firstSkipped ||= line);
      continue;
    }
    const entry = byStep.get(at) ?? {texts: [], rewards: []};
    byStep.set(at, entry);
    entry.texts.push(body);
    const reward = rewardFields.map((f) => metricValue(sample[f])).find((m) => m.kind === "number");
    if (reward?.kind === "number") entry.rewards.push(reward.value);
  }
  if (skipped) log.problem(firstSkipped, "no_sample", `${skipped} samples without a step (a step field or step_<N> in the file name) or a text (${textFields.join(", ")}) skipped (the first: line ${firstSkipped})`);
  if (!byStep.size) throw new ImportError(`${name}: no samples with a step and a text (fields ${textFields.join(", ")}; the step in a field ${stepFields.join(", ")} or the name eval_samples_step_<N>.jsonl)`);
  return [...byStep].sort((a, b) => a[0] - b[0]).map(([step, {texts, rewards}]) => {
    const tokens = texts.map(sampleTokens);
    const values: Record<string, number> = {
      "samples/count": texts.length,
      "samples/mean_chars": texts.reduce((s, t) => s + [...t].length, 0) / texts.length,
      "samples/mean_tokens": tokens.reduce((s, t) => s + t.length, 0) / texts.length
    };
    for (const n of [1, 2]) {
      const d = distinctN(tokens, n);
      if (d !== null) values[`samples/distinct_${n}`] = d;
    }
    if (rewards.length) values["samples/reward_mean"] = rewards.reduce((s, r) => s + r, 0) / rewards.length;
    return {step, values};
  });
}

/** The samples of a file: a W&B table ({"columns", "data"}), a JSON list of objects, or JSONL. */
function sampleRecords(text: string, log: IssueLog): {line: number; sample: Record<string, unknown>}[] {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{") && /^\{\s*"(columns|data)"/.test(body)) {
    const table = parse(text, log) as {columns?: unknown; data?: unknown};
    if (!Array.isArray(table.columns) || !Array.isArray(table.data)) throw new ImportError(`${log.source}: a W&B table needs "columns" and "data" lists`);
    const columns = table.columns.map(String);
    return table.data.filter(Array.isArray).map((row: unknown[], i) => ({line: i + 1, sample: Object.fromEntries(columns.map((c, k) => [c, row[k]]))}));
  }
  if (body.startsWith("[")) {
    const list = parse(text, log);
    if (!Array.isArray(list)) throw new ImportError(`${log.source}: expected a list of samples`);
    return list.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)).map((sample, i) => ({line: i + 1, sample}));
  }
  const out: {line: number; sample: Record<string, unknown>}[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = new JsonReader(raw).value();
      if (value !== null && typeof value === "object" && !Array.isArray(value)) out.push({line: i + 1, sample: value as Record<string, unknown>});
      else log.problem(i + 1, "not_a_row", "a line that is not a JSON object: skipped");
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      log.problem(i + 1, "malformed", `malformed JSON (${error.message}): skipped`);
    }
  });
  return out;
}

function parse(text: string, log: IssueLog): unknown {
  try {
    return new JsonReader(text).value();
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ImportError(`${log.source}:${error.line}: malformed JSON: ${error.message}`, error.line);
    throw error;
  }
}
