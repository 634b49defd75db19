/**
 * The Overoptimization page at scale, in headless Chromium: for each sample row count, a one-page
 * site with the real run tables and the real samples replicated to that many rows (page-site.ts),
 * then time to first chart (navigation start to the first chart's svg in the DOM), time to the
 * samples chart, and the median time from a change of the Label noise input (every query of the
 * page reruns) to the samples chart being redrawn.
 *
 *   node --import tsx bench/page-scale.ts [--rows 100000,1000000] [--requeries 12] [--zip FILE]
 *
 * --zip: the overoptimization loader's output (default: the build's cached one under
 * src/.observablehq/cache/data/, else the loader is run, minutes with a warm run cache).
 */
import {spawn} from "node:child_process";
import {createWriteStream, existsSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {launchChromium} from "../tests/browser/chromium.ts";
import {serveStatic} from "../tests/browser/server.ts";
import {buildPageSite, readPageZip} from "./page-site.ts";

export interface PageScaleOptions {
  /** sample row counts to measure; default [100_000, 1_000_000] */
  rows?: readonly number[];
  /** Label noise changes timed per row count (the median is reported); default 12 */
  requeries?: number;
  /** the overoptimization loader's zip; default the build's cached output, else the loader is run */
  zip?: string;
  /** where the one-page sites are written and built; default <tmpdir>/goodhart-page-scale */
  workDir?: string;
  /** how long to wait for a chart, in ms; default 60000 */
  timeout?: number;
  /** talk goes here; default stderr */
  log?: (line: string) => void;
}

export interface PageScaleResult {
  /** sample rows of the site */
  rows: number;
  /** ms from navigation start to the first chart's svg in the DOM */
  firstChartMs: number;
  /** ms from navigation start to the samples chart's svg in the DOM */
  samplesChartMs: number;
  /** median ms from a Label noise change to the samples chart redrawn */
  requeryMedianMs: number;
  /** every timed change, ms */
  requeriesMs: number[];
  /** how the samples chart drew the default selection: points, or bins (a density) */
  drawn: "points" | "bins";
  /** bytes of the page-facing sample tables (sample_groups, sample_points, sample_bins) */
  bytes: Record<string, number>;
}

const root = fileURLToPath(new URL("..", import.meta.url));

// Page scripts are strings so no transpiler helper leaks into the page.
const MARKS = `window.__marks = {};
new MutationObserver(() => {
  const m = window.__marks;
  if (m.first === undefined && document.querySelector(".gh-chart svg")) m.first = performance.now();
  if (m.samples === undefined && document.querySelector("#sample-chart svg")) m.samples = performance.now();
}).observe(document, {subtree: true, childList: true});`;

const REQUERY = `(async () => {
  const form = Array.from(document.querySelectorAll("form")).find((f) => /Label noise/.test(f.textContent));
  const inputs = Array.from(form.querySelectorAll("input")).slice(0, 2);
  const next = inputs.find((i) => !i.checked);
  const chart = document.querySelector("#sample-chart");
  const old = chart.querySelector("svg");
  const t0 = performance.now();
  await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const now = chart.querySelector("svg");
      if (now && now !== old) (observer.disconnect(), resolve());
    });
    observer.observe(chart, {subtree: true, childList: true});
    next.click();
  });
  return performance.now() - t0;
})()`;

const DRAWN = `document.querySelector('#sample-chart g[aria-label="rect"]') ? "bins" : "points"`;

/** Measures the Overoptimization page at each row count (see the module comment). */
export async function pageScale(options: PageScaleOptions = {}): Promise<PageScaleResult[]> {
  const {rows = [100_000, 1_000_000], requeries = 12, workDir = join(tmpdir(), "goodhart-page-scale"), timeout = 60_000, log = (line: string) => process.stderr.write(`${line}\n`)} = options;
  const members = await readPageZip(options.zip ?? (await loaderZip(workDir, log)));
  const results: PageScaleResult[] = [];
  for (const n of rows) {
    const site = await buildPageSite(members, n, join(workDir, `rows-${n}`), {root, log});
    const server = await serveStatic(site.dist);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({viewport: {width: 1280, height: 900}, serviceWorkers: "block"});
      const page = await context.newPage();
      await page.addInitScript(MARKS);
      await page.goto(`${server.origin}/overoptimization`, {waitUntil: "load", timeout});
      await page.waitForFunction("window.__marks.samples !== undefined", undefined, {timeout});
      const marks = (await page.evaluate("window.__marks")) as {first: number; samples: number};
      const drawn = (await page.evaluate(DRAWN)) as "points" | "bins";
      const times: number[] = [];
      for (let i = 0; i < requeries; ++i) times.push((await page.evaluate(REQUERY)) as number);
      const result = {rows: n, firstChartMs: marks.first, samplesChartMs: marks.samples, requeryMedianMs: median(times), requeriesMs: times, drawn, bytes: site.bytes};
      log(`page-scale: ${n} rows: first chart ${result.firstChartMs.toFixed(0)} ms, samples chart ${result.samplesChartMs.toFixed(0)} ms (${drawn}), re-query median ${result.requeryMedianMs.toFixed(0)} ms`);
      results.push(result);
      await context.close();
    } finally {
      await browser.close();
      await server.close();
    }
  }
  return results;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The build's cached overoptimization zip, else the loader's output written under workDir. */
async function loaderZip(workDir: string, log: (line: string) => void): Promise<string> {
  const cached = join(root, "src", ".observablehq", "cache", "data", "overoptimization.zip");
  if (existsSync(cached)) return cached;
  mkdirSync(workDir, {recursive: true});
  const path = join(workDir, "overoptimization.zip");
  log(`page-scale: running src/data/overoptimization.zip.ts -> ${path}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(join(root, "node_modules", ".bin", "tsx"), ["src/data/overoptimization.zip.ts"], {cwd: root, stdio: ["ignore", "pipe", "inherit"]});
    child.stdout.pipe(createWriteStream(path));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`the overoptimization loader exited with ${code}`))));
  });
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const {values} = parseArgs({options: {rows: {type: "string", default: "100000,1000000"}, requeries: {type: "string", default: "12"}, zip: {type: "string"}}});
  const results = await pageScale({rows: values.rows.split(",").map(Number), requeries: Number(values.requeries), zip: values.zip});
  process.stdout.write("| sample rows | drawn as | first chart | samples chart | re-query (median) | sample_points | sample_bins |\n|---:|---|---:|---:|---:|---:|---:|\n");
  for (const r of results) {
    const mb = (name: string) => `${((r.bytes[name] ?? 0) / 1e6).toFixed(1)} MB`;
    process.stdout.write(`| ${r.rows.toLocaleString("en-US")} | ${r.drawn} | ${r.firstChartMs.toFixed(0)} ms | ${r.samplesChartMs.toFixed(0)} ms | ${r.requeryMedianMs.toFixed(0)} ms | ${mb("sample_points")} | ${mb("sample_bins")} |\n`);
  }
}
