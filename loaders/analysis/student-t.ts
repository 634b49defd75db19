/**
 * P(|T| < t) for Student's t with integer df, by the finite series in cos(theta), theta = atan(t / sqrt(df))
 * (Abramowitz & Stegun 26.7.3 and 26.7.4): exact for integer df, no special functions needed.
 */
function centralMass(theta: number, df: number): number {
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 0) {
    let term = 1, sum = 1;
    for (let k = 2; k <= df - 2; k += 2) sum += (term *= (c2 * (k - 1)) / k);
    return Math.sin(theta) * sum;
  }
  if (df === 1) return (2 / Math.PI) * theta;
  let term = Math.cos(theta), sum = term;
  for (let k = 3; k <= df - 2; k += 2) sum += (term *= (c2 * (k - 1)) / k);
  return (2 / Math.PI) * (theta + Math.sin(theta) * sum);
}

/** Cumulative distribution of Student's t with integer df >= 1. */
export function tCdf(t: number, df: number): number {
  checkDf(df);
  const a = centralMass(Math.atan(Math.abs(t) / Math.sqrt(df)), df);
  return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2;
}

/** The p-quantile of Student's t with integer df >= 1 (bisection on theta, to double precision). */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new Error(`invalid p: ${p} (expected a probability in (0, 1))`);
  if (p === 0.5) return 0;
  const target = Math.abs(2 * p - 1);
  let lo = 0, hi = Math.PI / 2;
  for (let i = 0; i < 200 && hi - lo > 1e-17; ++i) {
    const mid = (lo + hi) / 2;
    if (centralMass(mid, df) < target) lo = mid;
    else hi = mid;
  }
  const t = Math.sqrt(df) * Math.tan((lo + hi) / 2);
  return p > 0.5 ? t : -t;
}

function checkDf(df: number): void {
  if (!(Number.isInteger(df) && df >= 1)) throw new Error(`invalid df: ${df} (expected an integer >= 1, e.g. seeds - 1)`);
}
