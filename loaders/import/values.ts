/**
 * A logged value as a number. Logs write numbers as JSON numbers, numeric strings ("0.5", from CSV
 * or str()), and non-finite values as bare tokens (NaN, Infinity, nan, inf) or strings ("NaN",
 * "inf", "-Infinity"). Anything else (text, booleans, nested objects, empty cells) is not a metric.
 */
export type Metric = {kind: "number"; value: number} | {kind: "non_finite"; text: string} | {kind: "none"};

const nonFinite = /^[+-]?(nan|inf|infinity)$/i;
const numeric = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function metricValue(raw: unknown): Metric {
  if (typeof raw === "number") return Number.isFinite(raw) ? {kind: "number", value: raw} : {kind: "non_finite", text: String(raw)};
  if (typeof raw !== "string") return {kind: "none"};
  const text = raw.trim();
  if (numeric.test(text)) return {kind: "number", value: Number(text)};
  if (nonFinite.test(text)) return {kind: "non_finite", text};
  return {kind: "none"};
}
