import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import type {Browser, BrowserContext, Page} from "playwright-core";

/**
 * The page convention the checker enforces (paste-able into the README):
 *
 * - Every chart goes inside an element with class `gh-chart`; it must end up containing an `<svg>`:
 *   `<div class="gh-chart">${resize((width) => lossChart(runs, {width}))}</div>`.
 * - Every DuckDB-backed (or otherwise asynchronous) result goes inside an element with class
 *   `gh-result`; it must end up containing a `<table>` with at least one body cell (`<td>`), or, if
 *   it has no table, non-blank text: `<div class="gh-result">${Inputs.table(summary)}</div>` or
 *   `<span class="gh-result">${runCount}</span>`. An empty table does not count, nor text that
 *   shows a slip: `null` alone, or `undefined`, `NaN` or `[object ...]` anywhere.
 * - Every page renders at least one cell that is not an error (a page of plain Markdown fails),
 *   and every cell settles: none may still show Framework's loading indicator at the end.
 * - No element with class `observablehq--error` (a cell that threw or did not compile), no page
 *   error, no console error, no HTTP error status, and no request to a host other than 127.0.0.1.
 *
 * The checker waits (default 60 s) until every `.gh-chart` has an svg, every `.gh-result` is
 * filled (or shows an error), a cell has rendered and no cell is loading, then for the network to
 * be idle (at most 3 s more).
 */
export const CHART_CLASS = "gh-chart";
export const RESULT_CLASS = "gh-result";
export const ERROR_CLASS = "observablehq--error";

export type ProblemKind =
  | "navigation" // the page did not load
  | "page-error" // an uncaught exception or unhandled rejection
  | "console-error" // console.error or a browser error message
  | "external-request" // a request to a host other than 127.0.0.1 (it was aborted)
  | "http-error" // a response with status >= 400
  | "request-failed" // a local request that failed (other than net::ERR_ABORTED)
  | "cell-error" // an element with class observablehq--error
  | "chart" // a .gh-chart without an svg
  | "result" // a .gh-result never filled
  | "no-cell" // no non-error cell rendered
  | "loading" // a cell still shows Framework's loading indicator
  | "screenshot"; // the screenshot could not be taken

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface CheckOptions {
  /** How long to wait for charts, results and cells, in milliseconds; default 60000. */
  timeout?: number;
  /** Where to save a full-page PNG screenshot; default none. */
  screenshot?: string;
  /** Viewport size; default 1280 x 900. */
  viewport?: {width: number; height: number};
  /** Whether a page of plain Markdown (no cell at all) passes, as reference pages may; default false. */
  allowStatic?: boolean;
}

export interface PageReport {
  readonly url: string;
  /** Empty when the page passes. */
  readonly problems: readonly Problem[];
  /** Counts seen at the end. */
  readonly charts: number;
  readonly results: number;
  readonly cells: number;
  /** Seconds from navigation to the end of the checks. */
  readonly seconds: number;
}

/** What the page looks like, as seen by STATE_SCRIPT. */
interface PageState {
  charts: {rendered: boolean; error: boolean}[];
  results: {filled: boolean; error: boolean; table: boolean; text: string}[];
  errors: string[];
  cells: number;
  /** Framework cell roots (<!--:id:--> comments); none means a static page with nothing to wait for. */
  roots: number;
  /** Framework's loading indicators still in the page (cells whose value has not arrived). */
  loading: number;
}

// Plain JavaScript source evaluated in the page (a string, so no transpiler helpers leak in).
const STATE_SCRIPT = `(() => {
  const ERROR = ${JSON.stringify("." + ERROR_CLASS)};
  const isBlank = (node) => node.nodeType === 3 && node.textContent.trim() === "";
  const filled = (el) => {
    const tables = el.querySelectorAll("table");
    if (tables.length) return Array.from(tables).some((t) => t.querySelector("td") !== null);
    const text = el.textContent.trim();
    return text !== "" && !/^null$|\\bundefined\\b|\\bNaN\\b|\\[object [A-Za-z]+\\]/.test(text);
  };
  const charts = Array.from(document.querySelectorAll(${JSON.stringify("." + CHART_CLASS)}), (el) => ({
    rendered: el.querySelector("svg") !== null && el.querySelector(ERROR) === null,
    error: el.querySelector(ERROR) !== null
  }));
  const results = Array.from(document.querySelectorAll(${JSON.stringify("." + RESULT_CLASS)}), (el) => ({
    filled: el.querySelector(ERROR) === null && filled(el),
    error: el.querySelector(ERROR) !== null,
    table: el.querySelector("table") !== null,
    text: el.textContent.trim().replace(/\\s+/g, " ").slice(0, 80)
  }));
  const errors = Array.from(document.querySelectorAll(ERROR))
    .filter((el) => el.parentElement === null || el.parentElement.closest(ERROR) === null)
    .map((el) => el.textContent.trim().replace(/\\s+/g, " ").slice(0, 500));
  // A cell is rendered when the node just before its root comment (<!--:0a1b2c3d:-->, where
  // Framework inserts displayed values) is neither the loading indicator nor an error.
  let cells = 0;
  let roots = 0;
  const walker = document.createNodeIterator(document.body, NodeFilter.SHOW_COMMENT);
  for (let node; (node = walker.nextNode()); ) {
    if (!/^:[0-9a-f]{8}(?:-\\d+)?:$/.test(node.data)) continue;
    roots++;
    const prev = node.previousSibling;
    if (prev === null || isBlank(prev)) continue;
    if (prev.nodeType === 1 && (prev.tagName === "OBSERVABLEHQ-LOADING" || prev.matches(ERROR))) continue;
    cells++;
  }
  const loading = document.querySelectorAll("observablehq-loading").length;
  return {charts, results, errors, cells, roots, loading};
})()`;

const READY_SCRIPT = `(() => {
  const s = ${STATE_SCRIPT};
  return (s.cells > 0 || s.errors.length > 0 || s.roots === 0) && s.loading === 0
    && s.charts.every((c) => c.rendered || c.error)
    && s.results.every((r) => r.filled || r.error);
})()`;

/**
 * Loads url in a fresh browser context and returns every problem found (see the convention
 * above). Requests to hosts other than 127.0.0.1 are recorded and aborted.
 */
export async function checkPage(browser: Browser, url: string, options: CheckOptions = {}): Promise<PageReport> {
  const {timeout = 60_000, screenshot, viewport = {width: 1280, height: 900}, allowStatic = false} = options;
  const start = performance.now();
  const context = await browser.newContext({viewport, serviceWorkers: "block"});
  const problems: Problem[] = [];
  let state: PageState | undefined;
  try {
    state = await visit(context, url, timeout, screenshot, problems, allowStatic);
  } finally {
    await context.close();
  }
  return {
    url,
    problems,
    charts: state?.charts.length ?? 0,
    results: state?.results.length ?? 0,
    cells: state?.cells ?? 0,
    seconds: (performance.now() - start) / 1000
  };
}

async function visit(
  context: BrowserContext,
  url: string,
  timeout: number,
  screenshot: string | undefined,
  problems: Problem[],
  allowStatic: boolean
): Promise<PageState | undefined> {
  const start = performance.now();
  const reported = new Set<string>(); // URLs with a problem already, to skip their echo in the console
  const add = (kind: ProblemKind, message: string): void => void problems.push({kind, message});
  const isLocal = (href: string): boolean => {
    try {
      const {protocol, hostname} = new URL(href);
      return !/^(https?|wss?|ftp):$/.test(protocol) || hostname === "127.0.0.1";
    } catch {
      return true;
    }
  };
  await context.route((href) => !isLocal(href.href), async (route) => {
    const href = route.request().url();
    reported.add(href);
    add("external-request", `request to an external host (aborted): ${href}`);
    await route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  watch(page, add, reported, isLocal);
  let state: PageState | undefined;
  try {
    await page.goto(url, {waitUntil: "load", timeout});
    const left = Math.max(1000, timeout - (performance.now() - start));
    await page.waitForFunction(READY_SCRIPT, undefined, {timeout: left, polling: 100}).catch(() => undefined);
    await page.waitForLoadState("networkidle", {timeout: 3000}).catch(() => undefined);
    state = (await page.evaluate(STATE_SCRIPT)) as PageState;
  } catch (error) {
    add("navigation", `could not load ${url}: ${errorMessage(error)}`);
  }
  if (state) inspect(state, timeout, add, allowStatic);
  if (screenshot !== undefined) {
    try {
      mkdirSync(dirname(screenshot), {recursive: true});
      // Chromium cannot capture a page much taller than 16,000 px in one image (the generated API
      // reference is ~200,000 px): such a page's screenshot is its first 16,000 px.
      const size = (await page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")) as [number, number];
      const clip = size[1] > MAX_SCREENSHOT_HEIGHT ? {clip: {x: 0, y: 0, width: size[0], height: MAX_SCREENSHOT_HEIGHT}} : {};
      await page.screenshot({path: screenshot, fullPage: true, timeout: 30_000, ...clip});
    } catch (error) {
      add("screenshot", `could not save ${screenshot}: ${errorMessage(error)}`);
    }
  }
  return state;
}

function watch(
  page: Page,
  add: (kind: ProblemKind, message: string) => void,
  reported: Set<string>,
  isLocal: (href: string) => boolean
): void {
  page.on("pageerror", (error) => add("page-error", errorMessage(error)));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const {url, lineNumber} = message.location();
    if (reported.has(url)) return;
    add("console-error", `${message.text()}${url ? ` (${url}:${lineNumber + 1})` : ""}`);
  });
  page.on("response", (response) => {
    if (response.status() < 400) return;
    reported.add(response.url());
    add("http-error", `HTTP ${response.status()} for ${response.url()}`);
  });
  page.on("requestfailed", (request) => {
    const href = request.url();
    const reason = request.failure()?.errorText ?? "unknown error";
    if (reported.has(href) || !isLocal(href) || reason === "net::ERR_ABORTED") return;
    reported.add(href);
    add("request-failed", `request failed: ${href} (${reason})`);
  });
  page.on("websocket", (socket) => {
    if (isLocal(socket.url())) return;
    add("external-request", `WebSocket to an external host: ${socket.url()}`);
  });
}

function inspect(state: PageState, timeout: number, add: (kind: ProblemKind, message: string) => void, allowStatic = false): void {
  const waited = `after waiting up to ${Math.round(timeout / 1000)} s`;
  for (const text of state.errors) add("cell-error", `error cell (.${ERROR_CLASS}): ${text}`);
  state.charts.forEach((chart, i) => {
    if (chart.rendered) return;
    const why = chart.error ? "it shows an error" : `no <svg> inside ${waited}`;
    add("chart", `chart ${i + 1} of ${state.charts.length} (.${CHART_CLASS}) did not render: ${why}`);
  });
  state.results.forEach((result, i) => {
    if (result.filled) return;
    const why = result.error
      ? "it shows an error"
      : result.table
        ? `its table has no rows ${waited}`
        : result.text === ""
          ? `no table rows or text ${waited}`
          : `it shows ${JSON.stringify(result.text)} ${waited}`;
    add("result", `result ${i + 1} of ${state.results.length} (.${RESULT_CLASS}) never arrived: ${why}`);
  });
  if (state.loading > 0) add("loading", `${state.loading} cell(s) still loading ${waited}`);
  if (state.roots === 0) {
    if (!allowStatic) add("no-cell", "the page has no cells (plain Markdown): every page needs one that renders");
  } else if (state.cells === 0) add("no-cell", `no cell rendered a non-error value (each errored, or was still loading ${waited})`);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split("\n")[0] ?? String(error);
  return String(error);
}

/** The tallest full-page screenshot taken; taller pages are cut there. */
const MAX_SCREENSHOT_HEIGHT = 16_000;
