import {columns, table} from "./spec.ts";

/** The machine and software that measured a table's rows, repeated on every row (loaders/measure/machine.ts). */
export const machineColumns = columns(
  {name: "node_version", type: "utf8", doc: "Node.js version"},
  {name: "engine_version", type: "utf8", doc: "goodhart engine version"},
  {name: "tfjs_version", type: "utf8", doc: "@tensorflow/tfjs-core version"},
  {name: "platform", type: "utf8", doc: "os platform and architecture"},
  {name: "cpu_model", type: "utf8", doc: "CPU model string"},
  {name: "cores", type: "int32", doc: "logical CPU cores"},
  {name: "memory_gb", type: "float64", unit: "GiB", doc: "total memory"}
);

/** Build environment: one row per compute backend, measured on the machine that builds the report. */
export const environment = table("environment", "One row per TensorFlow.js backend that goodhart knows, as found on the machine that built the report.", [
  {name: "backend", type: "utf8", doc: "backend name as used by --backend (tensorflow-gpu, tensorflow, webgpu, wasm, cpu)"},
  {name: "loaded", type: "bool", doc: "whether the backend loaded and passed a smoke test"},
  {name: "reason", type: "utf8", nullable: true, doc: "why it did not load, or why it loaded but was not timed (null when loaded and timed)"},
  {name: "device", type: "utf8", nullable: true, doc: "what it runs on, e.g. \"WebAssembly SIMD, 1 thread\" or the GPU adapter (null when not loaded)"},
  {name: "auto_order", type: "int32", doc: "position in the order --backend auto tries backends (1 = tried first)"},
  {name: "auto_choice", type: "bool", doc: "whether --backend auto picks this backend on this machine"},
  {name: "matmul_size", type: "int32", nullable: true, doc: "side n of the n x n float32 matmul timed"},
  {name: "seconds", type: "float64", nullable: true, unit: "s", doc: "median wall-clock seconds per matmul, including reading the result back (null when not timed)"},
  {name: "gflops", type: "float64", nullable: true, unit: "GFLOP/s", doc: "matmul throughput, 2 n^3 / median seconds per matmul (null when not timed)"},
  ...machineColumns
]);
