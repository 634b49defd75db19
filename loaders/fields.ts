/**
 * Field validators for specs: each returns the normalised value or throws a SpecError that names
 * the field, the value and what is expected.
 */
export class SpecError extends Error {
  override readonly name = "SpecError";
}

export type Validator<T = unknown> = (value: unknown, field: string) => T;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value));

export function fail(field: string, value: unknown, expected: string): never {
  throw new SpecError(`invalid ${field}: ${show(value)} (expected ${expected})`);
}

export const int = (min: number, max = Number.MAX_SAFE_INTEGER): Validator<number> => (value, field) => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) fail(field, value, `an integer in [${min}, ${max}]`);
  return value;
};

/** A finite number in [min, max] (or [min, max) when `openMax`). */
export const num = (min = -Infinity, max = Infinity, {openMax = false, openMin = false} = {}): Validator<number> => (value, field) => {
  const ok = typeof value === "number" && Number.isFinite(value) && (openMin ? value > min : value >= min) && (openMax ? value < max : value <= max);
  if (!ok) fail(field, value, `a number in ${openMin ? "(" : "["}${min}, ${max}${openMax ? ")" : "]"}`);
  return value as number;
};

export const oneOf = <T extends string>(choices: readonly T[]): Validator<T> => (value, field) => {
  if (typeof value !== "string" || !choices.includes(value as T)) fail(field, value, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  return value as T;
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rejects keys not in `allowed`, naming the closest valid keys. */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new SpecError(`unknown field ${field ? `${field}.` : ""}${key} (valid fields: ${allowed.join(", ")})`);
    }
  }
}
