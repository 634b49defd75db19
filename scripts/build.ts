import {spawn} from "node:child_process";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {checkDist} from "./lib/dist-check.ts";
import {frameworkEnv, prepare} from "./lib/prepare.ts";

// npm run build [-- observable build options]: fill the npm cache, drop stale loader outputs, build dist/,
// then fail if the site would reach the network or shows a broken cell.
const root = fileURLToPath(new URL("..", import.meta.url));
const start = performance.now();
await prepare(root);
const code = await new Promise<number>((resolve, reject) => {
  const child = spawn(join(root, "node_modules", ".bin", "observable"), ["build", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: frameworkEnv(root)
  });
  child.on("error", reject);
  child.on("close", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
if (code !== 0) process.exit(code);
const problems = await checkDist(join(root, "dist"));
for (const problem of problems) console.error(problem);
console.error(`${problems.length > 0 ? "build failed checks" : "build ok"} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
process.exit(problems.length > 0 ? 1 : 0);
