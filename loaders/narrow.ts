/*
 * Reading values typed `unknown` (a caught error, a dynamically imported module, a global) by
 * narrowing them, never by asserting their type.
 */

/** An Error's message; anything else thrown, as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Property `key` of an object or function, or undefined (for primitives, null and undefined too). */
export function propertyOf(value: unknown, key: string): unknown {
  return ((typeof value === "object" && value !== null) || typeof value === "function") && key in value ? Reflect.get(value, key) : undefined;
}

/** The `code` of a thrown value (Node's system errors: "ENOENT", "EPERM", ...), or undefined. */
export const codeOf = (error: unknown): unknown => propertyOf(error, "code");

/** Whether a value is a plain object (not null, not an array), to read its keys. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a value is one of `choices` (narrowing it to their union). */
export function isOneOf<T>(choices: readonly T[], value: unknown): value is T {
  return choices.some((choice) => choice === value);
}
