import assert from "node:assert/strict";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {componentImports, docsLinks} from "../../loaders/create/demo.ts";

// goodhart create --demo rewrites the demo pages' ./components/<module>.js imports into imports of
// goodhart/components; the package test checks the scaffold against a packed goodhart.

const root = fileURLToPath(new URL("../..", import.meta.url));

test("componentImports: ./components/index.js becomes goodhart/components; a deep component import is an error", () => {
  assert.equal(componentImports(`import {findingSentence, robust} from "./components/index.js";\nconst {curvesChart} = robust;`), `import {findingSentence, robust} from "goodhart/components";\nconst {curvesChart} = robust;`);
  assert.throws(() => componentImports(`import {x} from "./components/colors.js";`), /imports \.\/components\/colors\.js, not goodhart\/components' entry point/);
});

test("every page imports the chart components through src/components/index.ts only, with names it exports", () => {
  const index = readFileSync(join(root, "src/components/index.ts"), "utf8");
  const namespaces = [...index.matchAll(/^export \* as (\w+) from "\.\/([\w-]+)\.js";$/gm)].map((m) => m[1]!);
  const modules = [...index.matchAll(/^export \* from "\.\/([\w-]+)\.js";$/gm)].map((m) => m[1]!);
  const topLevel = new Set(modules.flatMap((m) => [...readFileSync(join(root, `src/components/${m}.ts`), "utf8").matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)].map((x) => x[1]!)));
  let pages = 0;
  for (const page of readdirSync(join(root, "src")).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(root, "src", page), "utf8");
    const rewritten = componentImports(text);
    assert.doesNotMatch(rewritten, /\.\/components\//, page);
    for (const m of text.matchAll(/^import \{([^}]+)\} from "\.\/components\/index\.js";$/gm)) {
      ++pages;
      for (const name of m[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
        assert.ok(namespaces.includes(name) || topLevel.has(name), `${page}: src/components/index.ts exports no ${name}`);
      }
    }
  }
  assert.ok(pages >= 6, "the pages import the components");
});

test("docsLinks: a page's ./docs/<page> links, and a docs page's ./<page> links, once each, anchors dropped", () => {
  const page = "see [formats](./docs/import-formats#divergence-test) and [it](./docs/import-formats), [cli](./docs/cli), [home](./index), [web](https://x.org/docs/a)";
  assert.deepEqual(docsLinks(page), ["import-formats", "cli"]);
  assert.deepEqual(docsLinks("[m](./measurements) [c](./cluster#slurm) [p](../performance)", true), ["measurements", "cluster"]);
});

test("every docs page a repository page links is plain Markdown that the package ships (package.json files: src/docs/*.md)", () => {
  const src = new URL("../../src/", import.meta.url);
  const linked = readdirSync(src).filter((f) => f.endsWith(".md")).flatMap((f) => docsLinks(readFileSync(new URL(f, src), "utf8")));
  assert.ok(linked.length > 0);
  for (const name of linked) assert.ok(existsSync(new URL(`docs/${name}.md`, src)), `src/docs/${name}.md`);
});
