import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {chromium, type Browser} from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for a headless, offline-friendly Chromium. Playwright adds a fresh temporary
 * `--user-data-dir` to every `launch` (it refuses one in args). The host resolver rule makes any
 * host but 127.0.0.1 unresolvable, a second fence behind the request interception of check.ts.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
];

export interface FindChromiumOptions {
  /** Explicit path; default `$GOODHART_CHROMIUM`, else /usr/bin/chromium. */
  path?: string;
  /** Install Debian's `chromium` with apt-get when missing and running as root; default true. */
  install?: boolean;
}

/**
 * Returns the path of a Chromium executable, installing Debian's package when it is missing and we
 * are root with apt-get; otherwise throws an error that says what to install. Never skips.
 */
export function findChromium(options: FindChromiumOptions = {}): string {
  const {path = process.env.GOODHART_CHROMIUM || DEBIAN_CHROMIUM, install = true} = options;
  if (existsSync(path)) return path;
  const howTo =
    `Chromium not found at ${path}. Install Debian's package as root: ` +
    "`apt-get update && apt-get install -y chromium` " +
    "(or set GOODHART_CHROMIUM to a Chromium executable).";
  if (path !== DEBIAN_CHROMIUM) throw new Error(howTo);
  const canInstall = install && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) throw new Error(howTo);
  process.stderr.write("Chromium is missing: installing Debian's chromium package with apt-get...\n");
  const env = {...process.env, DEBIAN_FRONTEND: "noninteractive"};
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const result = spawnSync("apt-get", args, {stdio: ["ignore", "inherit", "inherit"], env});
    if (result.status !== 0) throw new Error(`\`apt-get ${args.join(" ")}\` failed (${result.status ?? result.signal}). ${howTo}`);
  }
  if (!existsSync(path)) throw new Error(`apt-get installed chromium, yet ${path} is missing. ${howTo}`);
  return path;
}

export interface LaunchOptions extends FindChromiumOptions {
  /** Extra Chromium flags, appended to CHROMIUM_ARGS. */
  args?: readonly string[];
}

/** Launches headless Chromium (found or installed by findChromium) through playwright-core. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const {args = [], ...find} = options;
  const executablePath = findChromium(find);
  return chromium.launch({executablePath, headless: true, args: [...CHROMIUM_ARGS, ...args]});
}
