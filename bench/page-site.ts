/**
 * A one-page Framework site of the Overoptimization page whose samples are replicated to any number
 * of rows, for measuring the page at scale without running the engine for hours. The run tables,
 * bands, fits and findings are the real ones; each copy of the real samples after the first is
 * jittered (seeded) so bins and points differ; the page-facing sample views are recomputed from them
 * by the same function as the loader (loaders/analysis/sample-views.ts).
 */
import {spawn} from "node:child_process";
import {cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import JSZip from "jszip";
import seedrandom from "seedrandom";
import {sampleViewRows} from "../loaders/analysis/sample-views.ts";
import {encodeRows} from "../loaders/io/arrow.ts";
import {sampleViewTables} from "../loaders/io/schema/index.ts";
import {fillNpmCache} from "../scripts/lib/npm-cache.ts";
import {frameworkEnv} from "../scripts/lib/prepare.ts";

type Row = Record<string, unknown>;

/** The Arrow members of the overoptimization loader's zip, by table name. */
export async function readPageZip(path: string): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const members = new Map<string, Uint8Array>();
  for (const [name, file] of Object.entries(zip.files)) if (name.endsWith(".arrow")) members.set(name.slice(0, -".arrow".length), await file.async("uint8array"));
  return members;
}

/**
 * The real samples' columns the sample views read, replicated to `rows` rows: copy 0 as is, each
 * later copy with proxy and gold rewards jittered by up to +-0.1 and length by up to +-2%.
 */
export function scaleSamples(samples: Uint8Array, rows: number, {seed = "page-scale"} = {}): Row[] {
  const table = tableFromIPC(samples);
  const col = (name: string) => table.getChild(name)!;
  const [runId, point, proxy, gold, length, nuisance] = ["run_id", "point", "proxy_reward", "gold_reward", "length", "nuisance_max_abs"].map(col) as [ReturnType<typeof col>, ...ReturnType<typeof col>[]];
  const n = table.numRows;
  if (n === 0) throw new Error("no samples to scale");
  const random = seedrandom(seed);
  const jitter = (width: number) => (2 * random() - 1) * width;
  return Array.from({length: rows}, (_, i) => {
    const j = i % n, copy = i >= n;
    return {
      run_id: runId.get(j),
      point: point!.get(j),
      proxy_reward: Number(proxy!.get(j)) + (copy ? jitter(0.1) : 0),
      gold_reward: Number(gold!.get(j)) + (copy ? jitter(0.1) : 0),
      length: Number(length!.get(j)) * (copy ? 1 + jitter(0.02) : 1),
      nuisance_max_abs: nuisance!.get(j)
    };
  });
}

export interface PageSiteOptions {
  /** the project root (its src/overoptimization.md, src/components/, node_modules and npm cache are used) */
  root: string;
  /** talk goes here; default stderr */
  log?: (line: string) => void;
}

/**
 * Writes and builds (observable build) a site of the Overoptimization page at `dir` whose samples
 * are the real ones replicated to `rows`; returns the built dist/ folder and the sample views' sizes.
 */
export async function buildPageSite(members: Map<string, Uint8Array>, rows: number, dir: string, options: PageSiteOptions) {
  const {root, log = (line) => process.stderr.write(`${line}\n`)} = options;
  const table = (name: string) => {
    const bytes = members.get(name);
    if (!bytes) throw new Error(`the overoptimization zip has no ${name}.arrow (built by an older loader?)`);
    return bytes;
  };
  // 1. The page, its components and config; node_modules and the npm cache from the project.
  rmSync(join(dir, "src"), {recursive: true, force: true});
  rmSync(join(dir, "dist"), {recursive: true, force: true});
  mkdirSync(join(dir, "src", "data", "overoptimization"), {recursive: true});
  cpSync(join(root, "src", "overoptimization.md"), join(dir, "src", "overoptimization.md"));
  cpSync(join(root, "src", "components"), join(dir, "src", "components"), {recursive: true});
  if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const npm = join(root, "src", ".observablehq", "cache");
  if (existsSync(join(npm, "_npm"))) {
    cpSync(join(npm, "_npm"), join(dir, "src", ".observablehq", "cache", "_npm"), {recursive: true});
    if (existsSync(join(npm, ".goodhart-npm.json"))) cpSync(join(npm, ".goodhart-npm.json"), join(dir, "src", ".observablehq", "cache", ".goodhart-npm.json"));
  }
  await fillNpmCache(dir);
  writeFileSync(
    join(dir, "observablehq.config.js"),
    `export default ${JSON.stringify({root: "src", title: `page scale ${rows}`, pages: [{name: "Overoptimization", path: "/overoptimization"}], globalStylesheets: [], duckdb: {extensions: {json: null, parquet: null}}, search: false})};\n`
  );

  // 2. The data: real tables as they are, sample views from the scaled samples.
  const start = performance.now();
  const decode = (name: string): Row[] => Array.from(tableFromIPC(table(name)), (r) => r!.toJSON() as Row);
  const views = sampleViewRows({runs: decode("runs"), curves: decode("curves"), samples: scaleSamples(table("samples"), rows)});
  const out = join(dir, "src", "data", "overoptimization");
  // Every table of the loader's zip as it is (the page reads what it reads), then the scaled sample views over theirs.
  for (const [name, bytes] of members) if (!(name in sampleViewTables)) writeFileSync(join(out, `${name}.arrow`), bytes);
  const bytes: Record<string, number> = {};
  for (const [name, spec] of Object.entries(sampleViewTables)) {
    const encoded = encodeRows(spec, views[name as keyof typeof views]);
    writeFileSync(join(out, `${name}.arrow`), encoded);
    bytes[name] = encoded.byteLength;
  }
  log(`page-scale: ${rows} rows -> ${views.sample_bins.length} bins, ${Object.entries(bytes).map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)} MB`).join(", ")} in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  // 3. Build.
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(join(root, "node_modules", ".bin", "observable"), ["build"], {cwd: dir, stdio: ["ignore", "ignore", "inherit"], env: frameworkEnv(root)});
    child.on("error", reject);
    child.on("close", (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`observable build in ${dir} exited with ${code}`);
  return {dist: join(dir, "dist"), bytes, bins: views.sample_bins.length};
}
