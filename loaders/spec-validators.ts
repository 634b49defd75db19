/**
 * Spec validators: each returns the normalised value or throws a SpecError that names
 * the field, the value and what is expected.
 */
export class SpecError extends Error {
  override readonly name = "SpecError";
}

export type Validator<T = unknown> = (value: unknown, field: string) => T;

/** The value as JSON, cut to 80 characters (a huge value stays readable); "missing" when absent. */
const show = (value: unknown): string => {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function fail(field: string, value: unknown, expected: string): never {
  throw new SpecError(`invalid ${field}: ${show(value)} (expected ${expected})`);
}

export const int = (min: number, max = Number.MAX_SAFE_INTEGER): Validator<number> => (value, field) => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) fail(field, value, `an integer in [${min}, ${max}]`);
  return value;
};

/** A finite number in [min, max] (or [min, max) when `openMax`). */
export const num = (min = -Infinity, max = Infinity, {openMax = false, openMin = false} = {}): Validator<number> => (value, field) => {
  const inRange = (v: number) => Number.isFinite(v) && (openMin ? v > min : v >= min) && (openMax ? v < max : v <= max);
  if (typeof value !== "number" || !inRange(value)) fail(field, value, `a number in ${openMin ? "(" : "["}${min}, ${max}${openMax ? ")" : "]"}`);
  return value;
};

export const oneOf = <T extends string>(choices: readonly T[]): Validator<T> => (value, field) => {
  const choice = typeof value === "string" ? choices.find((c) => c === value) : undefined;
  if (choice === undefined) fail(field, value, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  return choice;
};

export const nullable = <T>(inner: Validator<T>): Validator<T | null> => (value, field) => (value === null ? null : inner(value, field));

export const str: Validator<string> = (value, field) => {
  if (typeof value !== "string" || value.length === 0) fail(field, value, "a non-empty string");
  return value;
};

export const numList = (min: number, max: number): Validator<number[]> => (value, field) => {
  if (!Array.isArray(value) || value.length === 0) fail(field, value, "a non-empty array of numbers");
  return value.map((v, i) => num(min, max)(v, `${field}[${i}]`));
};

/** Rejects keys not in `allowed`, suggesting the closest valid key ("did you mean") and listing them all. */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const guess = closest(key, allowed);
      throw new SpecError(`unknown field ${field ? `${field}.` : ""}${key}${guess ? ` (did you mean ${field ? `${field}.` : ""}${guess}?)` : ""} (valid fields: ${allowed.join(", ")})`);
    }
  }
}

/** The allowed word nearest to `word` (edit distance at most a third of its length, at least 2), if any. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of allowed) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) (best = candidate), (bestDistance = d);
  }
  return best;
}

/** Levenshtein distance, with a transposition of neighbours counted as one edit. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; ++i) {
    for (let j = 1; j <= b.length; ++j) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * A name that becomes a file or folder name (an experiment's name, an import's name): lowercase
 * letters, digits, - and _, starting with a letter or digit, at most 64 characters, so it can
 * never hold a separator, "..", or a hidden-file dot.
 */
export const safeName: Validator<string> = (value, field) => {
  if (typeof value !== "string" || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(value)) fail(field, value, "1 to 64 lowercase letters, digits, - and _, starting with a letter or digit (it names files and folders)");
  return value;
};
