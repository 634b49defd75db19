/**
 * The Arrow data contract: every table goes through here. Long (tidy) format, snake_case, the
 * same columns across optimisers so DuckDB can UNION ALL. `src/data-contract.md` renders these
 * docs for readers.
 */

export interface ColumnSpec {
  /** snake_case column name */
  name: string;
  /** Arrow type: utf8, float64, int32 or bool */
  type: "utf8" | "float64" | "int32" | "bool";
  /** whether nulls are allowed (default false) */
  nullable?: boolean;
  /** unit or normalisation, if any */
  unit?: string;
  /** one-line meaning */
  doc: string;
}

export interface TableSpec {
  name: string;
  doc: string;
  columns: readonly ColumnSpec[];
}

/** Build environment: one row per compute backend, measured on the machine that builds the report. */
export const environment: TableSpec = {
  name: "environment",
  doc: "One row per TensorFlow.js backend that goodhart knows, as found on the machine that built the report.",
  columns: [
    {name: "backend", type: "utf8", doc: "backend name as used by --backend (tensorflow-gpu, tensorflow, webgpu, wasm, cpu)"},
    {name: "loaded", type: "bool", doc: "whether the backend loaded and passed a smoke test"},
    {name: "reason", type: "utf8", nullable: true, doc: "why it did not load (null when it did)"},
    {name: "auto_choice", type: "bool", doc: "whether --backend auto picks this backend on this machine"},
    {name: "matmul_size", type: "int32", nullable: true, doc: "side n of the n x n float32 matmul timed"},
    {name: "gflops", type: "float64", nullable: true, unit: "GFLOP/s", doc: "matmul throughput, 2 n^3 / median seconds per matmul (null when not loaded)"},
    {name: "node_version", type: "utf8", doc: "Node.js version"},
    {name: "engine_version", type: "utf8", doc: "goodhart engine version"},
    {name: "tfjs_version", type: "utf8", doc: "@tensorflow/tfjs-core version"},
    {name: "platform", type: "utf8", doc: "os platform and architecture"},
    {name: "cpu_model", type: "utf8", doc: "CPU model string"},
    {name: "cores", type: "int32", doc: "logical CPU cores"},
    {name: "memory_gb", type: "float64", unit: "GiB", doc: "total memory"}
  ]
};
