import {spawn} from "node:child_process";
import {createRequire} from "node:module";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {checkDist} from "../../scripts/lib/dist-check.ts";
import {frameworkEnv, prepare} from "../../scripts/lib/prepare.ts";

/** goodhart's package folder. */
const goodhart = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Framework's CLI as goodhart's install resolves it, and PATH with the report's and goodhart's
 * node_modules/.bin, so that Framework finds `tsx` for .ts loaders wherever npm put it.
 */
function framework(root: string): {bin: string; env: NodeJS.ProcessEnv} {
  const bin = createRequire(join(goodhart, "package.json")).resolve("@observablehq/framework/dist/bin/observable.js");
  const env = frameworkEnv(root);
  env.PATH = `${join(goodhart, "node_modules", ".bin")}:${env.PATH ?? ""}`;
  return {bin, env};
}

function observable(root: string, command: "build" | "preview", args: readonly string[]): Promise<number> {
  const {bin, env} = framework(root);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, command, ...args], {cwd: root, stdio: "inherit", env});
    child.on("error", reject);
    child.on("close", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
}

/**
 * `goodhart build` in a report's folder: fills Framework's npm cache from node_modules (no network),
 * deletes the outputs of loaders whose code, specs, logs or goodhart version changed, runs
 * `observable build`, then fails when a page renders an error cell or the site would load anything
 * from another origin. Resolves to the exit status.
 */
export async function buildReport(root: string, args: readonly string[] = []): Promise<number> {
  const start = performance.now();
  await prepare(root);
  const code = await observable(root, "build", args);
  if (code !== 0) return code;
  const problems = await checkDist(join(root, "dist"));
  for (const problem of problems) console.error(problem);
  console.error(`${problems.length > 0 ? "build failed checks" : "build ok"} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return problems.length > 0 ? 1 : 0;
}

/** `goodhart preview` in a report's folder: the same preparation, then `observable preview` with live reload. */
export async function previewReport(root: string, args: readonly string[] = []): Promise<number> {
  await prepare(root);
  return observable(root, "preview", args);
}
