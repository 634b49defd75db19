import {spawn} from "node:child_process";
import {existsSync, watch} from "node:fs";
import {utimes} from "node:fs/promises";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {frameworkEnv, prepare} from "./lib/prepare.ts";
import {formatStaleLoader, invalidateStaleLoaders} from "./lib/stale.ts";

// npm run dev [-- --port 3000 ...]: fill the npm cache, drop stale loader outputs, then run
// `observable preview`. While it runs, an edit under loaders/, data/ or src/ that a loader depends on
// deletes that loader's outputs and touches the loader, so that preview reruns it and reloads the page.
const root = fileURLToPath(new URL("..", import.meta.url));
await prepare(root);

const child = spawn(join(root, "node_modules", ".bin", "observable"), ["preview", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: frameworkEnv(root)
});

const IGNORED = [/^src\/\.observablehq\//, /^data\/runs\//, /(^|\/)\.[^/]*$/, /~$/];
let timer: NodeJS.Timeout | undefined;
let checking: Promise<void> = Promise.resolve();

function recheck(): void {
  checking = checking.then(async () => {
    try {
      for (const stale of await invalidateStaleLoaders(root)) {
        console.error(formatStaleLoader(stale));
        // Preview notices a loader only through its own file: touch it when a dependency changed.
        if (stale.changed.some((file) => !file.startsWith(stale.loader))) {
          const now = new Date();
          await utimes(join(root, stale.loader), now, now);
        }
      }
    } catch (error) {
      console.error(`stale check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

const watchers = ["loaders", "data", "src"].filter((dir) => existsSync(join(root, dir))).map((dir) =>
  watch(join(root, dir), {recursive: true}, (_event, name) => {
    const path = `${dir}/${String(name ?? "")}`;
    if (IGNORED.some((re) => re.test(path))) return;
    clearTimeout(timer);
    timer = setTimeout(recheck, 300);
  })
);

// Ctrl-C reaches preview too (same process group): wait for it to exit, then exit with its status.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("close", (status, signal) => {
  for (const watcher of watchers) watcher.close();
  clearTimeout(timer);
  process.exit(status ?? (signal ? 1 : 0));
});
