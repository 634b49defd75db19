// The front door and the reference: README.md stays small and links only to what exists (every page
// it links is in the site's sidebar), and the generated spec reference documents every field the
// validators accept (a field without a JSDoc line in its type fails here).
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {test} from "node:test";
import {fileURLToPath} from "node:url";
import config from "../../observablehq.config.ts";
import {specReference, specReferenceMarkdown} from "../../scripts/docs/spec-fields.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");

interface SidebarEntry {
  path?: string;
  pages?: SidebarEntry[];
}

/** Every page path of the sidebar, sections included. */
function sidebarPaths(entries: readonly SidebarEntry[]): string[] {
  return entries.flatMap((e) => [...(e.path ? [e.path] : []), ...sidebarPaths(e.pages ?? [])]);
}

test("README.md is a front door: at most 10 KB, starting with the two commands", () => {
  assert.ok(Buffer.byteLength(readme) <= 10_240, `README.md is ${Buffer.byteLength(readme)} bytes (at most 10,240: move reference material to src/docs/)`);
  const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  assert.match(firstBlock, /^npm ci && npm run build\b/m);
  assert.match(firstBlock, /^npm test\b/m);
});

test("every relative link of README.md exists, and every page it links is in the sidebar", () => {
  const sidebar = new Set(sidebarPaths((config as {pages: SidebarEntry[]}).pages).map((p) => p.replace(/^\//, "")));
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map(([, href]) => href!).filter((href) => !/^[a-z]+:/.test(href));
  assert.ok(links.length > 5, "README.md links to no documentation pages");
  for (const href of links) {
    assert.ok(existsSync(`${root}${href}`), `README.md links to ${href}, which does not exist`);
    const page = /^src\/(.+)\.md(?:\.[a-z]+)?$/.exec(href)?.[1];
    if (page !== undefined && page !== "index") assert.ok(sidebar.has(page), `README.md links to ${href}, a page missing from observablehq.config.ts's sidebar`);
  }
});

test("the spec reference documents every field the validators accept", () => {
  const reference = specReference();
  const fields = reference.flatMap(({section, fields}) => fields.map((f) => ({...f, where: `${section.title}: ${f.name} (${section.file}, ${section.type})`})));
  assert.ok(fields.length > 80, `only ${fields.length} fields found: the probing of the validators broke`);
  const undocumented = fields.filter((f) => f.doc === "").map((f) => f.where);
  assert.deepEqual(undocumented, [], "fields without a JSDoc line in the type that documents them");
  // Spot checks against the validators by hand: a pool world's fields, PPO's own.
  const section = (title: string) => reference.find((r) => r.section.title === title)?.section.fields;
  assert.ok(section("base.world (pool)")?.includes("nuisance_dims"));
  assert.ok(section('base.optimizer, name "ppo"')?.includes("ppo_clip"));
  assert.ok(!section('base.optimizer, name "rloo"')?.includes("ppo_clip"));
  assert.match(specReferenceMarkdown(), /\| `ppo_clip` \| /);
});
