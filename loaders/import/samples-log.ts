import {isRecord} from "../narrow.ts";
import {lengthIncentive, repetitionPenalty} from "../reward/white-box.ts";
import {cutAtStop, rewardWords} from "../reward/words.ts";
import {decodeText} from "./formats.ts";
import type {LogInput} from "./formats.ts";
import {ImportError} from "./issues.ts";
import type {IssueLog} from "./issues.ts";
import {JsonReader, JsonSyntaxError} from "./lenient-json.ts";
import {metricValue} from "./values.ts";

/*
 * Per-sample logs: the completions a trainer wrote at some steps, reduced to per-step text
 * metrics that sit beside proxy and gold (table imported_samples), so a reader sees whether the
 * proxy's rise is length or repetition.
 * - OpenRLHF's eval_samples_step_<N>.jsonl: one sample per line, the step in the file's name;
 * - TRL's completions log (GRPO/RLOO log_completions): a W&B table exported as JSON
 *   ({"columns": [...], "data": [[...], ...]}) or as JSONL/a JSON list of rows, with a step column.
 * A sample's text is its first field of completion, output, response, generated_text, text; its
 * reward (optional) the first of reward, score, rewards.
 */

const stepFields = ["step", "global_step", "_step"];
const textFields = ["completion", "output", "response", "generated_text", "text"];
const rewardFields = ["reward", "score", "rewards"];

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

/** One step's text metrics: the columns of io/schema's imported_samples less run_id and source. */
export interface SampleStep {
  readonly step: number;
  readonly samples: number;
  readonly cut: number;
  readonly mean_chars: number;
  readonly mean_tokens: number;
  readonly mean_li: number;
  readonly mean_rp: number;
  readonly distinct_1: number | null;
  readonly distinct_2: number | null;
  readonly reward_mean: number | null;
}

export interface SampleStepsOptions {
  /** the file's name: messages, and the step of eval_samples_step_<N>.jsonl; default "samples" */
  name?: string;
  /** stop strings: each completion is cut at the first of them before it is measured; default none */
  stop?: readonly string[];
}

/**
 * Reads a per-sample log and reduces it to one row per step (in step order): the step's
 * completions cut at the stop strings, then their mean characters, tokens (../reward/words.ts),
 * Kim & Seo's LI and RP (../reward/white-box.ts), distinct-1 and distinct-2 (over the step's
 * completions together) and the mean logged reward. A sample without text or step is skipped and
 * reported; a file with none throws ImportError.
 */
export function sampleSteps(input: LogInput, log: IssueLog, {name = "samples", stop = []}: SampleStepsOptions = {}): SampleStep[] {
  const text = decodeText(input);
  const fileStep = /step[_-]?(\d+)/i.exec(name);
  const byStep = new Map<number, {texts: string[]; rewards: number[]; cut: number}>();
  let skipped = 0, firstSkipped = 0;
  for (const {line, sample} of sampleRecords(text, log)) {
    const step = stepFields.map((f) => metricValue(sample[f])).find((m) => m.kind === "number");
    const at = step?.kind === "number" ? step.value : fileStep ? Number(fileStep[1]) : null;
    const body = textFields.map((f) => sample[f]).find((v): v is string => typeof v === "string");
    if (at === null || !Number.isInteger(at) || body === undefined) {
      (skipped += 1), (firstSkipped ||= line);
      continue;
    }
    const entry = byStep.get(at) ?? {texts: [], rewards: [], cut: 0};
    byStep.set(at, entry);
    const kept = cutAtStop(body, stop);
    entry.texts.push(kept);
    if (kept.length < body.length) entry.cut += 1;
    const reward = rewardFields.map((f) => metricValue(sample[f])).find((m) => m.kind === "number");
    if (reward?.kind === "number") entry.rewards.push(reward.value);
  }
  if (skipped) log.problem(firstSkipped, "no_sample", `${skipped} samples without a step (a step field or step_<N> in the file name) or a text (${textFields.join(", ")}) skipped (the first: line ${firstSkipped})`);
  if (!byStep.size) throw new ImportError(`${name}: no samples with a step and a text (fields ${textFields.join(", ")}; the step in a field ${stepFields.join(", ")} or the name eval_samples_step_<N>.jsonl)`);
  const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  return [...byStep].sort((a, b) => a[0] - b[0]).map(([step, {texts, rewards, cut}]) => {
    const tokens = texts.map((t) => rewardWords(t));
    return {
      step, samples: texts.length, cut,
      mean_chars: mean(texts.map((t) => [...t].length)),
      mean_tokens: mean(tokens.map((t) => t.length)),
      mean_li: mean(texts.map((t) => lengthIncentive(t))),
      mean_rp: mean(texts.map((t) => repetitionPenalty(t))),
      distinct_1: distinctN(tokens, 1),
      distinct_2: distinctN(tokens, 2),
      reward_mean: rewards.length ? mean(rewards) : null
    };
  });
}

/** The samples of a file: a W&B table ({"columns", "data"}), a JSON list of objects, or JSONL. */
function sampleRecords(text: string, log: IssueLog): {line: number; sample: Record<string, unknown>}[] {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{") && /^\{\s*"(columns|data)"/.test(body)) {
    const table = parse(text, log);
    if (!isRecord(table) || !Array.isArray(table.columns) || !Array.isArray(table.data)) throw new ImportError(`${log.source}: a W&B table needs "columns" and "data" lists`);
    const columns = table.columns.map(String);
    return table.data.filter(Array.isArray).map((row: unknown[], i) => ({line: i + 1, sample: Object.fromEntries(columns.map((c, k) => [c, row[k]]))}));
  }
  if (body.startsWith("[")) {
    const list = parse(text, log);
    if (!Array.isArray(list)) throw new ImportError(`${log.source}: expected a list of samples`);
    return list.filter(isRecord).map((sample, i) => ({line: i + 1, sample}));
  }
  const out: {line: number; sample: Record<string, unknown>}[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = new JsonReader(raw).value();
      if (isRecord(value)) out.push({line: i + 1, sample: value});
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
