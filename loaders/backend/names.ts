/** A compute backend goodhart can run TensorFlow.js on, as named by `--backend`. */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "webgpu" | "wasm" | "cpu";

/** What `--backend` accepts: a backend, or `auto` for the first one that loads. */
export type BackendRequest = BackendName | "auto";

/** The order `--backend auto` tries backends in: fastest first, pure JavaScript last. */
export const AUTO_ORDER: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu"];

/** The environment variable loaders read when no `--backend` flag is given. */
export const BACKEND_ENV = "GOODHART_BACKEND";

const choices: readonly string[] = ["auto", ...AUTO_ORDER];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === "string" && AUTO_ORDER.some((name) => name === value);
}

/** Validates a backend request; `source` names where it came from, for the error message. */
export function normalizeBackend(value: unknown, source = "--backend"): BackendRequest {
  if (value === "auto" || isBackendName(value)) return value;
  throw new Error(`invalid ${source}: ${JSON.stringify(value)} (expected one of ${choices.join(", ")})`);
}

export interface RequestedBackendOptions {
  /** value of the --backend flag; wins over the environment (default: none) */
  flag?: string;
  /** environment to read GOODHART_BACKEND from (default: process.env) */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedRequest {
  requested: BackendRequest;
  /** where the request came from: "--backend", "GOODHART_BACKEND" or "default" */
  source: string;
}

/** Resolves the requested backend: the --backend flag, else GOODHART_BACKEND, else auto. */
export function requestedBackend({flag, env = process.env}: RequestedBackendOptions = {}): ResolvedRequest {
  if (flag !== undefined) return {requested: normalizeBackend(flag, "--backend"), source: "--backend"};
  const fromEnv = env[BACKEND_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return {requested: normalizeBackend(fromEnv, BACKEND_ENV), source: BACKEND_ENV};
  return {requested: "auto", source: "default"};
}

/** The value of `--backend x` or `--backend=x` in an argument list, if present. */
export function backendFromArgv(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--backend") {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error("invalid --backend: missing value (expected one of " + choices.join(", ") + ")");
      i++;
    } else if (arg.startsWith("--backend=")) {
      value = arg.slice("--backend=".length);
    }
  }
  return value;
}
