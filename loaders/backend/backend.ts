import {tf} from "../tf.ts";
import {candidates, firstLine, releaseWebgpu} from "./candidates.ts";
import {AUTO_ORDER, requestedBackend} from "./names.ts";
import type {BackendName, BackendRequest} from "./names.ts";
import {smokeTest} from "./smoke.ts";

export {AUTO_ORDER, BACKEND_ENV, backendFromArgv, isBackendName, normalizeBackend, requestedBackend} from "./names.ts";
export type {BackendName, BackendRequest} from "./names.ts";

/**
 * Makes one backend the current TensorFlow.js backend and checks that it computes. Resolves to a
 * one-line device description; rejects with an Error whose message is the reason it cannot.
 */
export type Probe = () => Promise<string>;

export type ProbeTable = Readonly<Record<BackendName, Probe>>;

export interface Skipped {
  backend: BackendName;
  /** one line: why it did not load */
  reason: string;
}

/** What the picker chose and why; outputs store `backend`. */
export interface BackendSelection {
  /** the backend now current */
  backend: BackendName;
  /** what was asked for */
  requested: BackendRequest;
  /** backends auto tried before `backend`, in order, with the reason each failed */
  skipped: Skipped[];
  /** one-line description of the device (e.g. "WebAssembly SIMD, 1 thread" or the GPU adapter) */
  device: string;
  /** the line printed on stderr */
  message: string;
}

export interface SelectBackendOptions {
  /** value of the --backend flag; wins over the environment (default: none) */
  flag?: string;
  /** environment to read GOODHART_BACKEND from (default: process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** probes replacing the real ones, per backend (default: none; for tests) */
  probes?: Partial<ProbeTable>;
  /** where the one-line report goes; null for silence (default: a line on stderr) */
  log?: ((line: string) => void) | null;
}

/** An explicitly requested backend that did not load (or, under auto, none did). */
export class BackendError extends Error {
  readonly backend: BackendRequest;
  readonly reason: string;
  constructor(backend: BackendRequest, reason: string, fix: string) {
    super(`goodhart: backend ${backend} did not load: ${reason} (fix: ${fix})`);
    this.name = "BackendError";
    this.backend = backend;
    this.reason = reason;
  }
}

/** The real probe for a backend: load, `tf.setBackend`, smoke test. */
export function probe(name: BackendName): Probe {
  const {load, tfName} = candidates[name];
  return async () => {
    const device = await load();
    await activate(tfName);
    return device;
  };
}

export const defaultProbes: ProbeTable = {
  "tensorflow-gpu": probe("tensorflow-gpu"),
  tensorflow: probe("tensorflow"),
  webgpu: probe("webgpu"),
  wasm: probe("wasm"),
  cpu: probe("cpu")
};

/**
 * Picks the TensorFlow.js backend (--backend flag, else GOODHART_BACKEND, else auto), makes it
 * current, smoke-tests it and prints one line on stderr. Auto takes the first of AUTO_ORDER that
 * loads; an explicit backend that fails is a BackendError naming the reason and the fix. Call it
 * once per process or worker thread, before any tensor is made.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const {flag, env, probes = {}, log = stderrLine} = options;
  const {requested, source} = requestedBackend({flag, env});
  const table: ProbeTable = {...defaultProbes, ...probes};
  const names = requested === "auto" ? AUTO_ORDER : [requested];
  const skipped: Skipped[] = [];
  for (const name of names) {
    try {
      const device = await table[name]();
      const message = formatSelection({backend: name, requested, skipped}, {source});
      log?.(message);
      return {backend: name, requested, skipped, device, message};
    } catch (error) {
      if (requested !== "auto") throw new BackendError(name, firstLine(error), candidates[name].fix);
      skipped.push({backend: name, reason: firstLine(error)});
    }
  }
  throw new BackendError("auto", skipped.map((s) => `${s.backend}: ${s.reason}`).join("; "), candidates.cpu.fix);
}

/**
 * The stderr line for a selection, e.g.
 * `goodhart: backend wasm (auto; skipped tensorflow-gpu: module not installed; webgpu: ...)` or
 * `goodhart: backend cpu (requested by --backend)`.
 */
export function formatSelection(
  {backend, requested, skipped}: Pick<BackendSelection, "backend" | "requested" | "skipped">,
  {source = "--backend"}: {/** where an explicit request came from (default "--backend") */ source?: string} = {}
): string {
  if (requested !== "auto") return `goodhart: backend ${backend} (requested by ${source})`;
  const tried = skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ");
  return `goodhart: backend ${backend} (auto${tried ? `; skipped ${tried}` : ""})`;
}

/** The backend auto picks given which backends load: the first loaded in AUTO_ORDER. */
export function autoPick(loaded: ReadonlySet<BackendName>): BackendName | undefined {
  return AUTO_ORDER.find((name) => loaded.has(name));
}

/** Releases what keeps Node alive after a run (WebGPU's device); call before exiting. */
export function releaseBackends(): void {
  releaseWebgpu();
}

async function activate(tfName: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (error) {
    throw new Error(`initialisation failed: ${firstLine(error)}`);
  }
  if (!ok) throw new Error(`initialisation failed: ${await initFailure(tfName)}`);
  await smokeTest();
}

// tf.setBackend only returns false (its warning is silenced in prod mode): run the backend's
// factory once more to learn why.
async function initFailure(tfName: string): Promise<string> {
  try {
    await tf.findBackendFactory(tfName)?.();
    return "unknown reason";
  } catch (error) {
    return firstLine(error);
  }
}

function stderrLine(line: string): void {
  process.stderr.write(line + "\n");
}
