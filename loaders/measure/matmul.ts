import {tf} from "../tf.ts";
import {plainProducts} from "../policy/lm/model.ts";

export interface MatmulOptions {
  /** side n of the n x n float32 matrices (default 512) */
  size?: number;
  /** untimed matmuls first, to compile kernels and warm caches (default 1) */
  warmup?: number;
  /** timed matmuls; the median is reported (default 5) */
  reps?: number;
  /** stop timing after this many milliseconds, keeping at least one rep (default 2000) */
  budgetMs?: number;
}

export interface MatmulTiming {
  size: number;
  /** timed reps actually run */
  reps: number;
  /** median wall-clock seconds per matmul, result read back included */
  seconds: number;
  /** 2 n^3 / seconds / 1e9 */
  gflops: number;
}

/** Times an n x n float32 matmul on the current backend; reading the result back forces completion. */
export async function timeMatmul({size = 512, warmup = 1, reps = 5, budgetMs = 2000}: MatmulOptions = {}): Promise<MatmulTiming> {
  check("size", size, 1);
  check("warmup", warmup, 0);
  check("reps", reps, 1);
  if (!(budgetMs >= 0)) throw new Error(`invalid budgetMs: ${budgetMs} (expected a number >= 0)`);
  const a = tf.randomUniform<tf.Rank.R2>([size, size], -1, 1, "float32", 1); // [n, n]
  const b = tf.randomUniform<tf.Rank.R2>([size, size], -1, 1, "float32", 2); // [n, n]
  try {
    for (let i = 0; i < warmup; i++) await once(a, b);
    const times: number[] = [];
    const start = performance.now();
    while (times.length < reps && (times.length === 0 || performance.now() - start < budgetMs)) times.push(await once(a, b));
    const seconds = median(times);
    return {size, reps: times.length, seconds, gflops: (2 * size ** 3) / seconds / 1e9};
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function once(a: tf.Tensor2D, b: tf.Tensor2D): Promise<number> {
  const t0 = performance.now();
  const c = tf.matMul(a, b); // [n, n]
  await c.data(); // WebGPU has no synchronous read in Node; elsewhere this is dataSync's cost
  const seconds = (performance.now() - t0) / 1e3;
  c.dispose();
  return seconds;
}

/**
 * dC B^T and A^T dC as the language model computes them on the current backend: through matMul's
 * transpose flags, or, where it wants plain products (wasm), explicit transposes and plain products.
 */
function gradientProducts(a: tf.Tensor2D, b: tf.Tensor2D, dc: tf.Tensor2D): tf.Tensor[] {
  if (!plainProducts()) return [tf.matMul(dc, b, false, true), tf.matMul(a, dc, true, false)];
  const [bt, at] = [tf.transpose(b), tf.transpose(a)];
  const out = [tf.matMul(dc, bt), tf.matMul(at, dc)];
  bt.dispose();
  at.dispose();
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function check(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`invalid ${name}: ${value} (expected an integer >= ${min})`);
}

export interface MatmulChainTiming {
  /** timed reps actually run */
  reps: number;
  /** median wall-clock seconds per pass over all the shapes, one read-back at the end */
  seconds: number;
  /** sum of 2 m k n over the shapes (3 times that with gradients) / seconds / 1e9 */
  gflops: number;
}

/**
 * Times one float32 matmul of each [m, k] x [k, n] shape in turn, reading back only the last
 * result (as a model's forward pass does), on the current backend: what a backend reaches on a
 * model's own shapes, against the large square product of `timeMatmul`. With `gradients`, each
 * shape also runs its two gradient products (dC B^T and A^T dC, as the language model computes them),
 * as a training step does: 3 x 2 m k n FLOPs per shape, the time a training step of these shapes
 * would take if it did nothing else (bench/torch_lm.py times the same in PyTorch).
 */
export async function timeMatmulChain(shapes: readonly (readonly [number, number, number])[], {warmup = 1, reps = 5, gradients = false}: {warmup?: number; reps?: number; gradients?: boolean} = {}): Promise<MatmulChainTiming> {
  if (shapes.length === 0) throw new Error("invalid shapes: none (expected at least one [m, k, n])");
  for (const [i, shape] of shapes.entries()) for (const d of shape) check(`shapes[${i}]`, d, 1);
  check("warmup", warmup, 0);
  check("reps", reps, 1);
  const mats = shapes.map(([m, k, n], i) => [
    tf.randomUniform<tf.Rank.R2>([m, k], -1, 1, "float32", 3 * i + 1), // A [m, k]
    tf.randomUniform<tf.Rank.R2>([k, n], -1, 1, "float32", 3 * i + 2), // B [k, n]
    tf.randomUniform<tf.Rank.R2>([m, n], -1, 1, "float32", 3 * i + 3) // dC [m, n], for the gradient products
  ] as const);
  const pass = async () => {
    const t0 = performance.now();
    const outs = mats.flatMap(([a, b, dc]) => (gradients ? [tf.matMul(a, b), ...gradientProducts(a, b, dc)] : [tf.matMul(a, b)])); // [m, n], then [m, k] and [k, n]
    await outs[outs.length - 1].data();
    const seconds = (performance.now() - t0) / 1e3;
    for (const o of outs) o.dispose();
    return seconds;
  };
  try {
    for (let i = 0; i < warmup; i++) await pass();
    const times: number[] = [];
    for (let r = 0; r < reps; r++) times.push(await pass());
    const seconds = median(times);
    const flops = shapes.reduce((s, [m, k, n]) => s + (gradients ? 3 : 1) * 2 * m * k * n, 0);
    return {reps, seconds, gflops: flops / seconds / 1e9};
  } finally {
    for (const m of mats) for (const t of m) t.dispose();
  }
}

/**
 * Microseconds per tiny element-wise kernel (x + x on 8 x 8 floats, each result disposed, the last
 * read back) on the current backend: a kernel's fixed cost with its arithmetic nil, the floor under
 * a step of many small kernels (bench/torch_lm.py times the same in PyTorch).
 */
export async function timeDispatch({ops = 2000, warmup = 100}: {ops?: number; warmup?: number} = {}): Promise<number> {
  check("ops", ops, 1);
  check("warmup", warmup, 0);
  const x = tf.randomUniform([8, 8], -1, 1, "float32", 1);
  try {
    for (let i = 0; i < warmup; i++) tf.add(x, x).dispose();
    const t0 = performance.now();
    let last = tf.add(x, x);
    for (let i = 1; i < ops; i++) {
      last.dispose();
      last = tf.add(x, x);
    }
    await last.data();
    const us = ((performance.now() - t0) * 1e3) / ops;
    last.dispose();
    return us;
  } finally {
    x.dispose();
  }
}
