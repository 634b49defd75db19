import seedrandom from "seedrandom";

/**
 * Everything random in the engine flows from one run seed through `deriveSeed(runSeed, ...path)`.
 * Derived seeds are positive and non-zero (tfjs treats a seed of 0 as "unseeded").
 */
export function deriveSeed(runSeed: number, ...path: (string | number)[]): number {
  // FNV-1a over the textual path, then a murmur3 finaliser for avalanche.
  let h = 0x811c9dc5 ^ (runSeed >>> 0);
  const text = path.join("/");
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= runSeed * 0x9e3779b1;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 1) || 1; // in [1, 2^31)
}

/** A seeded pseudo-random source (Alea, via seedrandom) with the draws the engine needs. */
export class Rng {
  readonly #next: () => number;
  #spare: number | undefined;

  constructor(seed: number) {
    this.#next = seedrandom.alea(String(seed));
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.#next();
  }

  /** Uniform on (0, 1): safe for logarithms. */
  open(): number {
    let u = this.#next();
    while (u === 0) u = this.#next();
    return u;
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.#next() - 1;
      v = 2 * this.#next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spare = v * m;
    return u * m;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (shape < 1 boosted). */
  gamma(shape: number): number {
    if (shape === 1) return -Math.log(this.open()); // exponential: the t_2 case, common and cheap
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.open(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.open();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** Student-t with `df` degrees of freedom (df = Infinity gives a standard normal). */
  studentT(df: number): number {
    if (!Number.isFinite(df)) return this.normal();
    return this.normal() / Math.sqrt((2 * this.gamma(df / 2)) / df);
  }

  /** Log-normal: exp(mu + sigma * z). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Gumbel(0, 1): argmax(logits + gumbel) samples from softmax(logits). */
  gumbel(): number {
    return -Math.log(-Math.log(this.open()));
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(array: {length: number; [index: number]: T}): void {
    for (let i = array.length - 1; i > 0; --i) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
  }
}
