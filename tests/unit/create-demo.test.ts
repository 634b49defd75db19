import assert from "node:assert/strict";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {test} from "node:test";
import {componentImports, docsLinks} from "../../loaders/create/demo.ts";

// goodhart create --demo rewrites the demo pages' ./components/<module>.js imports into imports of
// goodhart/components; the package test checks the scaffold against a packed goodhart.

const root = fileURLToPath(new URL("../..", import.meta.url));

test("componentImports: a top-level module's names as they are, a namespace's destructured from it", () => {
  assert.equal(componentImports(`import {findingSentence} from "./components/findings.js";`), `import {findingSentence} from "goodhart/components";`);
  assert.equal(
    componentImports(`import {curvesChart, disagreementChart as dc} from "./components/robust.js";`),
    `import {robust as robust_} from "goodhart/components";\nconst {curvesChart, disagreementChart: dc} = robust_;`
  );
  assert.throws(() => componentImports(`import {x} from "./components/colors.js";`), /does not export .*componentExports/);
});

test("every demo page's component imports map onto what src/components/index.ts exports", () => {
  const index = readFileSync(join(root, "src/components/index.ts"), "utf8");
  const exported = new Map([...index.matchAll(/^export \* (?:as (\w+) )?from "\.\/([\w-]+)\.js";$/gm)].map((m) => [m[2]!, m[1] ?? null]));
  for (const page of readdirSync(join(root, "src")).filter((f) => f.endsWith(".md"))) {
    const rewritten = componentImports(readFileSync(join(root, "src", page), "utf8"));
    assert.doesNotMatch(rewritten, /\.\/components\//, page);
    for (const m of rewritten.matchAll(/^import \{(\w+) as \1_\} from "goodhart\/components";$/gm)) {
      assert.ok([...exported.values()].includes(m[1]!), `${page}: goodhart/components has no namespace ${m[1]}`);
    }
  }
  for (const module of ["charts", "findings", "failed-runs", "directed", "forest"]) assert.equal(exported.get(module), null, `${module} is exported at top level`);
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
