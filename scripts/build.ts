import {spawn} from "node:child_process";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {watchProcessTree} from "../loaders/measure/process-tree.ts";
import {BUILD_RECORD, addedEntries, cacheEntries, recordFrom, writeBuildRecord} from "./lib/build-record.ts";
import {checkDist} from "./lib/dist-check.ts";
import {frameworkEnv, prepare} from "./lib/prepare.ts";

// npm run build [-- observable build options]: fill the npm cache, drop stale loader outputs, build dist/,
// then fail if the site would reach the network or shows a broken cell. What it cost (wall and CPU
// time, the largest process's peak memory) goes to stderr and data/runs/last-build.json.
const root = fileURLToPath(new URL("..", import.meta.url));
const start = performance.now();
await prepare(root);
const entriesBefore = cacheEntries(root);
let watch: ReturnType<typeof watchProcessTree> | null = null;
const code = await new Promise<number>((resolve, reject) => {
  const child = spawn(join(root, "node_modules", ".bin", "observable"), ["build", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: frameworkEnv(root)
  });
  if (child.pid !== undefined) watch = watchProcessTree(child.pid, 200);
  child.on("error", reject);
  child.on("close", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
const usage = (watch as ReturnType<typeof watchProcessTree> | null)?.stop();
const problems = code === 0 ? await checkDist(join(root, "dist")) : [];
for (const problem of problems) console.error(problem);
const seconds = (performance.now() - start) / 1000;
const ok = code === 0 && problems.length === 0;
if (usage) {
  writeBuildRecord(root, recordFrom(usage, {backend: process.env.GOODHART_BACKEND ?? "auto", ok, seconds, runs_computed: addedEntries(entriesBefore, cacheEntries(root))}));
  const memory = Number.isFinite(usage.peakRssMb) ? `; largest process ${usage.peakRssMb.toFixed(0)} MiB (${usage.peakCommand})` : "";
  console.error(`build: ${seconds.toFixed(1)} s wall, ${usage.cpuSeconds.toFixed(1)} s CPU${memory}; recorded in ${BUILD_RECORD}`);
}
if (code !== 0) process.exit(code);
console.error(`${problems.length > 0 ? "build failed checks" : "build ok"} in ${seconds.toFixed(1)} s`);
process.exit(problems.length > 0 ? 1 : 0);
