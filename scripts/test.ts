// `npm test`: type check, unit tests, build, browser tests, package tests — in that order, stopping at the first
// failure. Node's test output goes through unchanged; the last line sums the `# pass`/`# fail`
// counts of the node --test runs. GOODHART_SKIP_BUILD=1 reuses an existing dist/.
import {spawn} from "node:child_process";
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {SEED_CAP_ENV} from "../loaders/report/seed-cap.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const totals = {pass: 0, fail: 0};

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Parse node --test's TAP summary from stdout. */
  counts?: boolean;
  /** Variables added to the environment. */
  env?: Record<string, string>;
}

/** The `*.test.ts` files of a folder, sorted (Node 20's --test does not expand globs). */
function testFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .map((name) => join(dir, name));
}

function nodeTests(name: string, files: string[]): Step {
  return {
    name,
    command: process.execPath,
    args: ["--import", "tsx", "--test", "--test-reporter=tap", ...files],
    counts: true
  };
}

/** Runs a step with stdout passed through (and scanned for TAP counts); resolves to its exit code. */
function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {cwd: root, stdio: ["ignore", "pipe", "inherit"], env: {...process.env, ...step.env}});
    let pending = "";
    const scan = (line: string): void => {
      const match = /^# (pass|fail) (\d+)\s*$/.exec(line);
      if (step.counts && match) totals[match[1] as "pass" | "fail"] += Number(match[2]);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(scan);
    });
    child.on("error", (error) => {
      process.stderr.write(`test: could not start ${step.command}: ${error.message}\n`);
      resolve(127);
    });
    child.on("close", (code, signal) => {
      scan(pending);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function summary(): void {
  process.stdout.write(`${totals.pass} passed, ${totals.fail} failed\n`);
}

/**
 * The report the browser tests read is built on each default experiment's first TEST_SEEDS seeds: the
 * pipeline `npm run build` runs, at a size CI can afford (the full build is an hour on a slow 2-core
 * machine). GOODHART_SEEDS=N picks another count; GOODHART_SEEDS= (empty) builds on every seed.
 */
const TEST_SEEDS = "2";
const testSeeds = process.env[SEED_CAP_ENV] ?? TEST_SEEDS;
const seedsNote = testSeeds.trim() === "" ? "every seed" : `${SEED_CAP_ENV}=${testSeeds}: the first ${testSeeds} seeds of each experiment`;

async function main(): Promise<number> {
  const skipBuild = process.env.GOODHART_SKIP_BUILD === "1" && existsSync(join(root, "dist"));
  const steps: (Step | string)[] = [
    {name: "type check", command: process.execPath, args: [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]},
    nodeTests("unit tests", testFiles("tests/unit")),
    skipBuild ? "build: skipped (GOODHART_SKIP_BUILD=1 and dist/ exists)" : {name: `build (${seedsNote})`, command: "npm", args: ["run", "build"], env: {[SEED_CAP_ENV]: testSeeds}},
    nodeTests("browser tests", testFiles("tests/browser")),
    // Last: packs goodhart, scaffolds a report outside the repository, installs and builds it offline.
    nodeTests("package tests", testFiles("tests/package"))
  ];
  for (const step of steps) {
    if (typeof step === "string") {
      process.stderr.write(`\n== ${step}\n`);
      continue;
    }
    if (step.counts && step.args.every((arg) => !arg.endsWith(".test.ts"))) {
      process.stderr.write(`\n== ${step.name}: no test files\n`);
      continue;
    }
    process.stderr.write(`\n== ${step.name}: ${[step.command === process.execPath ? "node" : step.command, ...step.args].join(" ")}\n`);
    const start = performance.now();
    const code = await run(step);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (code !== 0) {
      process.stderr.write(`\ntest: FAILED at step "${step.name}" (exit code ${code}, ${seconds} s); later steps were not run.\n`);
      summary();
      return code;
    }
    process.stderr.write(`== ${step.name}: ok (${seconds} s)\n`);
  }
  summary();
  return 0;
}

process.exitCode = await main();
