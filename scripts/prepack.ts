// `npm pack` / `npm publish` (prepack): the two files a packed goodhart needs that the repository
// does not keep. templates/package-lock.json: goodhart's lock, which `goodhart create` turns into
// a new report's lock (npm pack never includes package-lock.json). lib/components.js: the chart
// components as one browser ES module, the `goodhart/components` that a report's pages import
// (Framework bundles a package's JavaScript from node_modules, but copies TypeScript as is).
// `npm run postpack` deletes both.
import {copyFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const generated = [join(root, "templates", "package-lock.json"), join(root, "lib")];

if (process.argv[2] === "clean") {
  for (const path of generated) rmSync(path, {recursive: true, force: true});
} else {
  copyFileSync(join(root, "package-lock.json"), generated[0]!);
  await esbuild.build({
    entryPoints: [join(root, "src", "components", "index.ts")],
    outfile: join(root, "lib", "components.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
    // Pages in this repository import Framework's npm: specifiers; from node_modules a report's
    // Framework resolves the plain names (its own bundling of node_modules imports).
    plugins: [{name: "npm-specifiers", setup: (build) => build.onResolve({filter: /^npm:/}, (args) => ({path: args.path.slice("npm:".length), external: true}))}]
  });
}
