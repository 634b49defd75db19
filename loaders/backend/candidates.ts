import {createRequire} from "node:module";
import {dirname, sep} from "node:path";
import {tf} from "../tf.ts";
import {codeOf, propertyOf} from "../narrow.ts";
import type {BackendName} from "./names.ts";

/** How to load one backend. The picker calls `load`, then `tf.setBackend(tfName)` and a smoke test. */
export interface Candidate {
  /** the name the backend registers under in TensorFlow.js */
  tfName: string;
  /** imports and registers the backend; resolves to a one-line device description, or throws an Error whose message is the reason */
  load: () => Promise<string>;
  /** what to do so that it loads */
  fix: string;
}

/** The real backends, in no particular order (see AUTO_ORDER for auto's order). */
export const candidates: Readonly<Record<BackendName, Candidate>> = {
  "tensorflow-gpu": {
    tfName: "tensorflow",
    load: () => loadTensorflow("tensorflow-gpu", "@tensorflow/tfjs-node-gpu", "CUDA"),
    fix: "install @tensorflow/tfjs-node-gpu (Linux x64 with CUDA 11.2 and cuDNN 8.1; its install script downloads libtensorflow)"
  },
  tensorflow: {
    tfName: "tensorflow",
    load: () => loadTensorflow("tensorflow", "@tensorflow/tfjs-node", "CPU"),
    fix: "npm run setup (builds it from the npm registry: needs tfjs-node-lambda-releases, g++, make and python3; see src/docs/backends.md, the Backends page)"
  },
  webgpu: {
    tfName: "webgpu",
    load: loadWebgpu,
    fix: "npm install webgpu, on a machine whose GPU has a Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver; on a headless NVIDIA Linux box whose Vulkan ICD names libGLX_nvidia.so.0, point VK_ICD_FILENAMES at an ICD json naming libEGL_nvidia.so.0"
  },
  wasm: {
    tfName: "wasm",
    load: loadWasm,
    fix: "reinstall @tensorflow/tfjs-backend-wasm (its dist/*.wasm files must be present)"
  },
  cpu: {
    tfName: "cpu",
    load: async () => {
      await importModule("@tensorflow/tfjs-backend-cpu", "module not installed");
      return "JavaScript, 1 thread";
    },
    fix: "reinstall @tensorflow/tfjs-backend-cpu"
  }
};

// tfjs-node and tfjs-node-gpu both register a backend called "tensorflow"; the first one wins.
let tensorflowOwner: BackendName | undefined;

/**
 * libtensorflow's intra-op threads per process when TF_NUM_INTRAOP_THREADS is unset. Fixed, not
 * derived from the worker count, so that 1 and 2 workers compute the same bytes; 1 because
 * 2 workers x 1 thread ran the default build fastest on 2 cores (src/docs/backends.md).
 */
export const TENSORFLOW_THREADS = 1;

async function loadTensorflow(name: BackendName, pkg: string, kind: string): Promise<string> {
  if (tensorflowOwner !== undefined && tensorflowOwner !== name) {
    throw new Error(`not tried: ${tensorflowOwner} already registered the "tensorflow" backend in this process`);
  }
  // libtensorflow reads these once, when it loads; worker processes inherit them.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2"; // keep its CPU-feature notice off stderr
  process.env.TF_NUM_INTRAOP_THREADS ??= String(TENSORFLOW_THREADS);
  process.env.TF_NUM_INTEROP_THREADS ??= "1";
  try {
    await importModule(pkg, "module not installed");
  } catch (error) {
    if (!/tfjs_binding\.node/.test(firstLine(error))) throw error;
    throw new Error("its native binding (lib/napi-v8/tfjs_binding.node) is not built");
  }
  if (tf.findBackendFactory("tensorflow") == null) {
    throw new Error(`${pkg} loaded but registered no "tensorflow" backend (a second copy of @tensorflow/tfjs-core? try npm dedupe)`);
  }
  tensorflowOwner = name;
  const threads = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return `libtensorflow ${libtensorflowVersion()}, ${kind}, ${threads} thread${threads === 1 ? "" : "s"}`;
}

/** The version of the libtensorflow the "tensorflow" backend's binding loaded (e.g. "1.15.0" or "2.9.1"). */
export function libtensorflowVersion(): string {
  const version = propertyOf(propertyOf(tf.findBackend("tensorflow"), "binding"), "TF_Version");
  return typeof version === "string" ? version : "unknown version";
}

// The little of the WebGPU API used here (TypeScript's DOM lib has no WebGPU types).
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface Gpu {
  requestAdapter(options?: {powerPreference?: string}): Promise<{info?: GpuAdapterInfo} | null>;
}
interface WebgpuModule {
  create: (options: string[]) => Gpu;
  globals: object;
}

function isWebgpuModule(value: unknown): value is WebgpuModule {
  return typeof propertyOf(value, "create") === "function" && typeof propertyOf(value, "globals") === "object";
}

let webgpuDevice: string | undefined;

async function loadWebgpu(): Promise<string> {
  if (webgpuDevice !== undefined) return webgpuDevice;
  const mod = await importModule("webgpu", "'webgpu' package not installed");
  if (!isWebgpuModule(mod)) throw new Error("the 'webgpu' package exports no create() and globals (expected webgpu >= 0.2)");
  const gpu = mod.create([]);
  const adapter = await gpu.requestAdapter({powerPreference: "high-performance"});
  if (adapter == null) throw new Error("no GPU adapter (Dawn found no usable Vulkan, Metal or D3D12 device)");
  // tfjs-backend-webgpu registers itself at import time only if navigator.gpu exists, and uses
  // GPUBufferUsage and friends as globals: provide both before importing it.
  Object.assign(globalThis, mod.globals);
  provideNavigatorGpu(gpu);
  await importModule("@tensorflow/tfjs-backend-webgpu", "module not installed");
  if (tf.findBackendFactory("webgpu") == null) throw new Error("@tensorflow/tfjs-backend-webgpu registered no backend (navigator.gpu missing at import)");
  const info = adapter.info ?? {};
  const name = [info.device || info.vendor || "unknown adapter", info.architecture].filter(Boolean).join(", ");
  webgpuDevice = info.description ? `${name} (${info.description})` : name;
  return webgpuDevice;
}

function provideNavigatorGpu(gpu: Gpu): void {
  // The DOM lib types navigator as always there; Node 20 has none.
  if (propertyOf(globalThis, "navigator") == null) Object.defineProperty(globalThis, "navigator", {value: {}, configurable: true, writable: true});
  Object.defineProperty(globalThis.navigator, "gpu", {value: gpu, configurable: true, writable: true});
}

/**
 * Disposes the WebGPU backend and drops navigator.gpu: Dawn keeps Node alive while navigator.gpu
 * is referenced. WebGPU cannot be selected again in this process afterwards.
 */
export function releaseWebgpu(): void {
  if (tf.findBackend("webgpu") != null || tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
  if (propertyOf(propertyOf(globalThis, "navigator"), "gpu") != null) Reflect.deleteProperty(globalThis.navigator, "gpu");
}

let wasmConfigured = false;

function hasSetWasmPaths(value: unknown): value is {setWasmPaths: (prefix: string) => void} {
  return typeof propertyOf(value, "setWasmPaths") === "function";
}

async function loadWasm(): Promise<string> {
  const wasm = await importModule("@tensorflow/tfjs-backend-wasm", "module not installed");
  if (!hasSetWasmPaths(wasm)) throw new Error("@tensorflow/tfjs-backend-wasm exports no setWasmPaths");
  const {setWasmPaths} = wasm;
  if (!wasmConfigured) {
    // The threaded build starts its workers from blob: URLs, which Node cannot run.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    // In Node the .wasm is read from disk: point at the package's dist/ folder as a file path.
    const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
    setWasmPaths(dirname(entry) + sep);
    wasmConfigured = true;
  }
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return simd ? "WebAssembly SIMD, 1 thread" : "WebAssembly, 1 thread";
}

/** Dynamic import whose failure becomes a one-line reason; `missing` is the reason when the module itself is absent. */
async function importModule(specifier: string, missing: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch (error) {
    if (isModuleNotFound(error)) {
      const text = firstLine(error);
      throw new Error(text.includes(`'${specifier}'`) || text.includes(`"${specifier}"`) ? missing : `a dependency is missing: ${text}`);
    }
    throw new Error(`failed to load ${specifier}: ${firstLine(error)}`);
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = codeOf(error);
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

/** The first line of an error's message, at most 200 characters. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(propertyOf(error, "message") ?? error);
  const line = text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
  return line.length > 200 ? line.slice(0, 197) + "..." : line;
}
