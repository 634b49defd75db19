// Shared set-up of the page-specific browser tests (site.test.ts checks every page generically):
// the built site (folder $GOODHART_SITE_DIR, default dist/) served on 127.0.0.1 and one Chromium,
// started before the file's tests and closed after; a test opens its page in a fresh context.
import {existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {after, before} from "node:test";
import {fileURLToPath} from "node:url";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {launchChromium} from "./chromium.ts";
import {serveStatic, type StaticServer} from "./server.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const site = resolve(root, process.env.GOODHART_SITE_DIR || "dist");
/** Per-wait limit in milliseconds: $GOODHART_PAGE_TIMEOUT_S seconds, default 60. */
export const timeout = 1000 * Number(process.env.GOODHART_PAGE_TIMEOUT_S || 60);

export interface PageFixture {
  /** false when `<name>.html` is not built: pass `skip` to the tests */
  readonly built: boolean;
  /** the reason to skip when not built, else false */
  readonly skip: string | false;
  /** opens the page (waiting for "load") in a fresh 1280 x 900 context; close the context after */
  open(): Promise<{context: BrowserContext; page: Page}>;
  /** a fresh 1280 x 900 context with nothing opened (to route requests before navigating); close it after */
  newContext(): Promise<BrowserContext>;
  /** the served page's URL */
  readonly url: string;
}

/** Registers before/after hooks serving the site; `name` is the page's HTML file without .html. */
export function pageFixture(name: string): PageFixture {
  const built = existsSync(join(site, `${name}.html`));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    if (!built) return;
    server = await serveStatic(site);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    built,
    skip: built ? false : `${site}/${name}.html not built`,
    get url() {
      if (!server) throw new Error(`${name}: the site is not being served (was it built?)`);
      return `${server.origin}/${name}`;
    },
    async newContext() {
      if (!browser) throw new Error(`${name}: no browser (was the site built?)`);
      return browser.newContext({viewport: {width: 1280, height: 900}, serviceWorkers: "block"});
    },
    async open() {
      const context = await this.newContext();
      const page = await context.newPage();
      await page.goto(this.url, {waitUntil: "load", timeout});
      return {context, page};
    }
  };
}
