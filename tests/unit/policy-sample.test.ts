// The counter-based uniforms behind every Gumbel-max draw: value i is a hash of (seed, i) alone,
// checked against a BigInt re-implementation, for the prefix property, for streams of seeds a Weyl
// step apart (which were shifted copies of one stream under the old seed + i * step counter), for
// float32 bounds and for the first two moments.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {seededUniforms, unitFromBits} from "../../loaders/policy/sample.ts";

/** The documented construction with BigInt arithmetic mod 2^32 (no Math.imul, no |0 tricks). */
function naiveUniform(seed: number, index: number): number {
  const M = 1n << 32n;
  const fmix = (x: bigint): bigint => {
    x = ((x ^ (x >> 16n)) * 0x85ebca6bn) % M;
    x = ((x ^ (x >> 13n)) * 0xc2b2ae35n) % M;
    return x ^ (x >> 16n);
  };
  const k1 = fmix(((BigInt(seed) % M) + M) % M);
  const k2 = fmix(k1 ^ 0x6a09e667n);
  const h = fmix((fmix(k1 ^ BigInt(index)) + k2) % M);
  return (Number(h >> 9n) + 0.5) / 2 ** 23;
}

const WEYL = 0x9e3779b9;

describe("seededUniforms", () => {
  test("matches a BigInt implementation of the documented construction", () => {
    for (const seed of [1, 7, 12345, 0x7fffffff, -3]) {
      const u = seededUniforms(300, seed);
      for (const i of [0, 1, 2, 17, 255, 299]) assert.equal(u[i], Math.fround(naiveUniform(seed, i)), `seed ${seed} index ${i}`);
    }
    // One value pinned, step by step: k1 = fmix32(1) = 0x514e28b7 (murmur3's published finaliser
    // value), k2 = fmix32(k1 ^ 0x6a09e667) = 0x06bb9e14, h = fmix32(fmix32(k1 ^ 0) + k2) = 0xd1f8bdf0,
    // u = ((h >>> 9) + 0.5) / 2^23 = (0x68fc5e + 0.5) / 2^23.
    assert.equal(naiveUniform(1, 0), (0x68fc5e + 0.5) / 2 ** 23);
    assert.equal(seededUniforms(1, 1)[0], Math.fround(naiveUniform(1, 0)));
  });

  test("deterministic per (n, seed), and a length-m call is the prefix of a length-n call", () => {
    assert.deepEqual(seededUniforms(1000, 42), seededUniforms(1000, 42));
    const long = seededUniforms(5000, 42);
    for (const m of [0, 1, 7, 1000, 4999]) assert.deepEqual(seededUniforms(m, 42), long.subarray(0, m));
    assert.notDeepEqual(seededUniforms(100, 42), seededUniforms(100, 43));
  });

  test("seeds a Weyl step apart give unrelated streams, not shifted copies", () => {
    const n = 4096;
    for (const seed of [1, 99, 123456789]) {
      const a = seededUniforms(n, seed);
      for (let k = 1; k <= 3; ++k) {
        const b = seededUniforms(n, (seed + k * WEYL) | 0);
        let shifted = 0;
        let aligned = 0;
        for (let i = k; i < n; ++i) shifted += Number(a[i] === b[i - k]) + Number(b[i] === a[i - k]);
        for (let i = 0; i < n; ++i) aligned += Number(a[i] === b[i]);
        assert.equal(shifted, 0, `seed ${seed}, k ${k}: ${shifted} values repeat at lag ${k}`);
        assert.ok(aligned <= 1, `seed ${seed}, k ${k}: ${aligned} equal values at the same index`);
      }
    }
  });

  test("strictly inside (0, 1) in float32, even at the extreme hashes", () => {
    const f = new Float32Array([unitFromBits(0), unitFromBits(0xffffffff), unitFromBits(-1)]);
    assert.ok(f[0] > 0 && f[1] < 1 && f[2] < 1);
    assert.equal(f[0], 2 ** -24);
    assert.equal(f[1], 1 - 2 ** -24);
    for (const v of seededUniforms(100_000, 5)) assert.ok(v > 0 && v < 1);
  });

  test("mean 1/2 and variance 1/12 over 100k values; adjacent values and adjacent seeds uncorrelated", () => {
    const n = 100_000;
    const u = seededUniforms(n, 2024);
    const v = seededUniforms(n, 2025);
    let mean = 0;
    for (const x of u) mean += x;
    mean /= n;
    let variance = 0, lag = 0, cross = 0;
    for (let i = 0; i < n; ++i) {
      variance += (u[i] - mean) ** 2;
      if (i > 0) lag += (u[i] - 0.5) * (u[i - 1] - 0.5);
      cross += (u[i] - 0.5) * (v[i] - 0.5);
    }
    variance /= n;
    // standard errors: mean 0.0009, variance 0.00024, correlations 0.0032
    assert.ok(Math.abs(mean - 0.5) < 0.004, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1 / 12) < 0.0012, `variance ${variance}`);
    assert.ok(Math.abs((lag * 12) / (n - 1)) < 0.015, `lag-1 correlation ${(lag * 12) / (n - 1)}`);
    assert.ok(Math.abs((cross * 12) / n) < 0.015, `seed-to-seed correlation ${(cross * 12) / n}`);
  });
});
