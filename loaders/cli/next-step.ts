/** The line `goodhart run` ends with: how to see what it wrote in the report. */
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The report's specs (the loaders in src/data run them) and the page that draws each. */
export const reportSpecs: Readonly<Record<string, {loader: string; page: string; title: string}>> = {
  "data/experiments/overoptimization.json": {loader: "src/data/overoptimization.zip.ts", page: "overoptimization.html", title: "Overoptimization"},
  "data/experiments/robust-rl.json": {loader: "src/data/robust.zip.ts", page: "robust.html", title: "Robust objectives"},
  "data/experiments/white-box.json": {loader: "src/data/white-box.zip.ts", page: "white-box.html", title: "White-box rewards"},
  "data/experiments/imported.json": {loader: "src/data/imported.zip.ts", page: "import.html", title: "Import a log"}
};

export interface NextStepOptions {
  /** the run cache the command used, or null for --no-cache */
  cacheDir: string | null;
}

/**
 * A spec the report runs: its page shows it after `npm run dev` (from the run cache when the
 * command used the default one). Any other spec: where its tables' columns are documented and
 * how to bring it into the report.
 */
export function nextStep(specPath: string, out: string, {cacheDir}: NextStepOptions): string {
  const entry = Object.entries(reportSpecs).find(([path]) => resolve(root, path) === resolve(specPath));
  if (entry) {
    const [path, {page, title}] = entry;
    const reuse = cacheDir !== null && resolve(cacheDir) === resolve(root, "data/runs/.cache") ? ", reusing the runs just cached" : "";
    return `next: npm run dev, then open /${page}: the ${title} page runs ${path} itself${reuse}`;
  }
  return `next: the report's pages draw ${Object.keys(reportSpecs).slice(0, 3).join(", ")}: put this spec's sweeps in one of them and run npm run dev to see it there; the columns of ${out}/*.arrow are in src/data-contract.md`;
}
