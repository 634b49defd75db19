// Self-test of the browser harness: it must find each kind of broken page, and pass a good one.
// Needs Chromium (installed from Debian when missing and running as root; see chromium.ts).
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {after, before, describe, test} from "node:test";
import type {Browser} from "playwright-core";
import {checkPage, type ProblemKind} from "../browser/check.ts";
import {launchChromium} from "../browser/chromium.ts";
import {overflows} from "../browser/layout.ts";
import {discoverPages} from "../browser/pages.ts";
import {contentType, serveStatic, type StaticServer} from "../browser/server.ts";

const CELL = `<div class="observablehq observablehq--block"><p>ok</p><!--:0a1b2c3d:--></div>`;
const CHART = `<div class="gh-chart"><svg width="40" height="20"><rect width="40" height="20"/></svg></div>`;
const RESULT = `<div class="gh-result"><table><thead><tr><th>n</th></tr></thead><tbody><tr><td>3</td></tr></tbody></table></div>`;
// Fills a result and a chart late, as DuckDB and resize() do.
const LATE = `<div class="gh-result" id="late"></div><div class="gh-chart" id="late-chart"></div>
<script type="module">
  setTimeout(() => {
    document.getElementById("late").textContent = "42 runs";
    document.getElementById("late-chart").innerHTML = '<svg width="10" height="10"></svg>';
  }, 400);
</script>`;

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title></head><body><main>${body}</main></body></html>`;
}

/** Fixture pages, by file name, and the problem kinds the checker must report for each. */
const FIXTURES: Record<string, {html: string; expect: ProblemKind[]}> = {
  "index.html": {html: page(CELL + CHART + RESULT + LATE), expect: []},
  "error-cell.html": {
    html: page(CELL + CHART + RESULT + `<div class="observablehq observablehq--error">RuntimeError: x is not defined</div>`),
    expect: ["cell-error"]
  },
  "page-error.html": {
    html: page(CELL + CHART + RESULT + `<script>setTimeout(() => { throw new Error("boom"); }, 10);</script>`),
    expect: ["page-error"]
  },
  "console-error.html": {
    html: page(CELL + CHART + RESULT + `<script>console.error("bad thing");</script>`),
    expect: ["console-error"]
  },
  "external.html": {
    html: page(CELL + CHART + RESULT + `<script src="http://example.invalid/x.js"></script>`),
    expect: ["external-request"]
  },
  "external-worker.html": {
    html: page(
      CELL + CHART + RESULT +
        `<script>new Worker(URL.createObjectURL(new Blob(['fetch("https://example.invalid/w.json").catch(() => {})'], {type: "text/javascript"})));</script>`
    ),
    expect: ["external-request"]
  },
  "missing-file.html": {
    html: page(CELL + CHART + RESULT + `<script type="module">fetch("./_file/missing.arrow");</script>`),
    expect: ["http-error"]
  },
  "empty-chart.html": {html: page(CELL + `<div class="gh-chart"></div>` + RESULT), expect: ["chart"]},
  "empty-result.html": {
    html: page(CELL + CHART + `<div class="gh-result"><table><thead><tr><th>n</th></tr></thead><tbody></tbody></table></div>`),
    expect: ["result"]
  },
  "undefined-result.html": {html: page(CELL + CHART + `<span class="gh-result">undefined</span>`), expect: ["result"]},
  "nan-result.html": {html: page(CELL + CHART + RESULT + `<p class="gh-result">mean NaN over 3 runs</p>`), expect: ["result"]},
  "no-cell.html": {html: page(`<h1>Only Markdown</h1>` + CHART), expect: ["no-cell"]},
  "pending-cell.html": {
    html: page(`<div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:0a1b2c3e:--></div>`),
    expect: ["loading", "no-cell"]
  },
  "late-cell.html": {
    html: page(
      CELL + CHART + RESULT +
        `<div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:0a1b2c3f:--></div>
<script type="module">setTimeout(() => document.querySelector("observablehq-loading").replaceWith("late value"), 500);</script>`
    ),
    expect: []
  },
  "stuck-cell.html": {
    html: page(CELL + CHART + RESULT + `<p>n = <observablehq-loading></observablehq-loading><!--:0a1b2c40:--></p>`),
    expect: ["loading"]
  },
  "sub/index.html": {html: page(CELL), expect: []}
};

let root: string;
let server: StaticServer;
let browser: Browser;
let shots: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "gh-harness-"));
  shots = mkdtempSync(join(tmpdir(), "gh-shots-"));
  const files: Record<string, string> = {
    ...Object.fromEntries(Object.entries(FIXTURES).map(([name, {html}]) => [name, html])),
    "404.html": page("<h1>Not found</h1>"),
    "_observablehq/client.html": page(""),
    "_file/data.wasm": "\0asm"
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), {recursive: true});
    writeFileSync(join(root, name), text);
  }
  server = await serveStatic(root);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, {recursive: true, force: true});
  rmSync(shots, {recursive: true, force: true});
});

describe("discoverPages", () => {
  test("finds pages recursively, skipping _ folders and 404.html, with clean URLs", () => {
    const pages = discoverPages(root);
    assert.deepEqual(
      pages.map((p) => [p.name, p.path]),
      Object.keys(FIXTURES)
        .map((file) => file.slice(0, -".html".length))
        .sort((a, b) => a.localeCompare(b))
        .map((name) => [name, name === "index" ? "/" : name.endsWith("/index") ? `/${name.slice(0, -5)}` : `/${name}`])
    );
  });
});

describe("serveStatic", () => {
  test("serves clean URLs, MIME types and 404s, and stays inside its root", async () => {
    const get = (path: string) => fetch(server.origin + path);
    const clean = await get("/error-cell");
    assert.equal(clean.status, 200);
    assert.match(clean.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await clean.text(), /RuntimeError/);
    assert.equal((await get("/sub/")).status, 200);
    assert.equal((await get("/_file/data.wasm")).headers.get("content-type"), "application/wasm");
    const missing = await get("/nope");
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Not found/);
    assert.equal((await get("/%2e%2e/%2e%2e/etc/passwd")).status, 404);
    assert.equal(contentType("x.arrow"), "application/vnd.apache.arrow.stream");
    assert.equal(contentType("a/b.js"), "text/javascript; charset=utf-8");
  });
});

describe("serveStatic plain", () => {
  test("serves exact file names only, as python3 -m http.server does", async () => {
    const plain = await serveStatic(root, {plain: true});
    try {
      assert.equal((await fetch(`${plain.origin}/error-cell`)).status, 404);
      assert.equal((await fetch(`${plain.origin}/error-cell.html`)).status, 200);
      assert.equal((await fetch(`${plain.origin}/sub/`)).status, 200);
    } finally {
      await plain.close();
    }
  });
});

describe("layout checks", () => {
  test("find a table wider than the column, SVG text past its chart, a cell that cuts its text; nothing on a page that fits", async () => {
    const page = await browser.newPage({viewport: {width: 800, height: 600}});
    const fits = `<div id="observablehq-main" style="width: 400px"><table><tr><td>a</td></tr></table><svg width="200" height="40"><text x="10" y="20">fits</text></svg></div>`;
    await page.setContent(fits);
    assert.deepEqual(await overflows(page), []);
    await page.setContent(`<div id="observablehq-main" style="width: 400px"><table style="width: 700px"><tr><td>wide</td></tr></table>
      <svg width="100" height="40"><text x="60" y="20">a label far too long</text></svg>
      <table><tr><td style="max-width: 40px; overflow: hidden; white-space: nowrap">a cell that cuts its text</td></tr></table>
      <div style="overflow-x: auto"><table style="width: 700px"><tr><td>scrolls inside its box</td></tr></table></div></div>`);
    const found = (await overflows(page)).map((o) => o.what.split(":")[0]);
    assert.deepEqual(found.sort(), ["SVG text cut by its chart's edge", "table cell cuts its text", "table wider than the page's column"]);
    await page.close();
  });
});

describe("checkPage", () => {
  for (const [file, {expect}] of Object.entries(FIXTURES)) {
    const path = "/" + file.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "");
    test(`${path} reports ${expect.length ? expect.join(", ") : "nothing"}`, async () => {
      const screenshot = join(shots, `${file}.png`);
      const report = await checkPage(browser, server.origin + path, {timeout: 3000, screenshot});
      assert.deepEqual(
        report.problems.map((p) => p.kind),
        expect,
        `problems on ${path}:\n${report.problems.map((p) => `  ${p.kind}: ${p.message}`).join("\n")}`
      );
      if (expect.length === 0) assert.ok(report.cells > 0);
    });
  }
});
