// Failed runs are listed, not drawn. The list (src/components/failed-runs.ts) is checked at the
// component level in Chromium, with failed rows and without: making a run fail in the default build
// means recomputing it outside the run cache (GOODHART_INJECT_NONFINITE skips cached runs) and a
// whole extra site build, minutes for what this checks in a second. On the built site (when there
// is one) each experiment page shows the list's section. Site folder as site.test.ts.
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";
import {fileURLToPath} from "node:url";
import {transformSync} from "esbuild";
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "./chromium.ts";
import {serveStatic, type StaticServer} from "./server.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const site = resolve(root, process.env.GOODHART_SITE_DIR || "dist");
const timeout = 1000 * Number(process.env.GOODHART_PAGE_TIMEOUT_S || 60);
const pages = ["overoptimization", "robust", "white-box"].filter((p) => existsSync(join(site, `${p}.html`)));
const component = transformSync(readFileSync(join(root, "src/components/failed-runs.ts"), "utf8"), {loader: "ts", format: "esm"}).code;

let browser: Browser;
let server: StaticServer | undefined;

before(async () => {
  browser = await launchChromium();
  if (pages.length) server = await serveStatic(site);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Renders failedRunsList(rows) in a blank page and returns its text and table cells. */
async function render(page: Page, rows: unknown[]): Promise<{text: string; cells: string[][]}> {
  await page.setContent("<!doctype html><body></body>");
  return page.evaluate(
    async ([source, data]) => {
      const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
      const {failedRunsList} = await import(url);
      const el = failedRunsList(data) as HTMLElement;
      document.body.append(el);
      return {text: el.querySelector("p")?.textContent ?? "", cells: Array.from(el.querySelectorAll("tr"), (tr) => Array.from(tr.children, (c) => c.textContent ?? ""))};
    },
    [component, rows] as const
  );
}

test("the failed-runs list: one line when none failed, a row per failed run with its setting, seed and error", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const none = await render(page, []);
    assert.match(none.text, /^No run failed/);
    assert.deepEqual(none.cells, []);
    const failed = [
      {run_id: "e3dc1561697893e3", sweep: "objectives", setting: "heavy_tailed, kl_tilt, single, 1 members, 100 pairs, noise 0", seed: 1, error: "non-finite gold reward at curve point 0: NaN"},
      {run_id: "c732c963883b624d", sweep: "rl", setting: "rloo, wco, linear x2, fixed KL 0.05", seed: 3, error: "non-finite KL or entropy at step 2: Infinity"}
    ];
    const some = await render(page, failed);
    assert.match(some.text, /^2 runs failed .*left out of every chart, band, fit and finding/);
    assert.deepEqual(some.cells[0], ["run_id", "sweep", "setting", "seed", "error"]);
    assert.deepEqual(some.cells.slice(1), failed.map((f) => [f.run_id, f.sweep, f.setting, String(f.seed), f.error]));
  } finally {
    await context.close();
  }
});

for (const name of pages) {
  test(`${name}: the built page has a Failed runs section`, async () => {
    const context = await browser.newContext({serviceWorkers: "block"});
    try {
      const page = await context.newPage();
      await page.goto(`${server!.origin}/${name}`, {waitUntil: "load", timeout});
      await page.waitForFunction(() => document.querySelector(".failed-runs") !== null, undefined, {timeout});
      assert.equal(await page.locator("h2#failed-runs").count(), 1);
      assert.match(await page.$eval(".failed-runs", (el) => el.textContent ?? ""), /^No run failed|runs? failed/);
    } finally {
      await context.close();
    }
  });
}
