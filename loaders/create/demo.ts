import {existsSync, readdirSync} from "node:fs";
import {cp, mkdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";

/*
 * `goodhart create <dir> --demo`: goodhart's own demo report (its pages, loaders, specs, logs and
 * records), copied from the installed package. The pages import the chart components from
 * src/components/ in goodhart's repository; in a report they come from goodhart/components.
 */

/** The folders and files of the demo report, relative to goodhart's package folder (package.json "files" ships them). */
export const demoPaths = ["src/data", "data/experiments", "data/reseed", "data/logs", "data/bench"] as const;

/** How goodhart/components exports each component module: top level, or as a namespace. */
const componentExports: Record<string, string | null> = {
  charts: null,
  findings: null,
  "failed-runs": null,
  directed: null,
  forest: null,
  environment: "environment",
  import: "importCharts",
  "import-runs": "importRuns",
  "import-samples": "importSamples",
  performance: "performance",
  overoptimization: "overoptimization",
  robust: "robust",
  "white-box": "whiteBox"
};

/**
 * A page's imports of ./components/<module>.js as imports of goodhart/components: names of a
 * top-level module are imported as they are; a namespace's are taken from it
 * (`import {robust as robust_} from "goodhart/components"; const {curvesChart} = robust_;`).
 */
export function componentImports(page: string): string {
  return page.replace(/^import \{([^}]+)\} from "\.\/components\/([\w-]+)\.js";$/gm, (line, names: string, module: string) => {
    if (!(module in componentExports)) throw new Error(`goodhart create --demo: a page imports ./components/${module}.js, which goodhart/components does not export (add it to src/components/index.ts and to componentExports in loaders/create/demo.ts)`);
    const namespace = componentExports[module];
    if (namespace === null) return `import {${names}} from "goodhart/components";`;
    const fields = names.split(",").map((n) => n.trim().replace(/\s+as\s+/, ": "));
    return `import {${namespace} as ${namespace}_} from "goodhart/components";\nconst {${fields.join(", ")}} = ${namespace}_;`;
  });
}

/** Copies the demo report from `packageRoot` into `target`: pages with their imports rewritten, loaders, specs, logs, records and the site config titled `name`. */
export async function copyDemo(packageRoot: string, target: string, name: string): Promise<void> {
  const src = join(packageRoot, "src");
  await mkdir(join(target, "src"), {recursive: true});
  for (const page of readdirSync(src).filter((f) => f.endsWith(".md"))) {
    await writeFile(join(target, "src", page), componentImports(await readFile(join(src, page), "utf8")));
  }
  for (const path of demoPaths) {
    if (!existsSync(join(packageRoot, path))) throw new Error(`goodhart create --demo: ${path} is missing from goodhart's package (${packageRoot}): reinstall goodhart`);
    await cp(join(packageRoot, path), join(target, path), {recursive: true});
  }
  const config = await readFile(join(packageRoot, "observablehq.config.ts"), "utf8");
  await writeFile(join(target, "observablehq.config.ts"), config.replace(/title: "goodhart"/, `title: ${JSON.stringify(name)}`));
}
