// The command line's answers to bad input and its wording: one line and exit 2 for every bad option or
// environment value, plurals, errors in a spec's base named as base, the few-seeds warning, the next
// step after a run, and --help answering without loading the engine.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {UsageError, parseCommandLine} from "../../loaders/cli/args.ts";
import {nextStep, reportSpecs} from "../../loaders/cli/next-step.ts";
import {MIN_SEEDS, fewSeedsWarning, parseSeeds} from "../../loaders/cli/seeds.ts";
import {SpecError} from "../../loaders/spec-validators.ts";
import {plural} from "../../loaders/plural.ts";
import {normalizeSpec} from "../../loaders/run/spec/spec.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-cli-usage-"));
const goodhart = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["bin/goodhart.js", ...args], {encoding: "utf8", env: {...process.env, ...env}});
const lines = (text: string) => text.split("\n").filter(Boolean);

test("bad options and environment values: one line on stderr, nothing on stdout, exit 2", () => {
  const out = join(dir, "never");
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["run", "tests/fixtures/tiny.json", "--out", out, "--backend", "nope"], {}, /^goodhart: error: invalid --backend: "nope" \(expected one of auto, .*\); see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out", out], {GOODHART_BACKEND: "nope"}, /^goodhart: error: invalid GOODHART_BACKEND: "nope" .*; see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out", out, "--workers", "-1"], {}, /^goodhart: error: invalid --workers: -1 \(expected an integer >= 1\); see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out", out, "--bogus"], {}, /^goodhart: error: unknown option --bogus; see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out", out, "--worker", "2"], {}, /^goodhart: error: unknown option --worker \(did you mean --workers\?\); see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out"], {}, /^goodhart: error: missing value for --out .*; see goodhart --help$/],
    [["run", "tests/fixtures/tiny.json", "--out", out, "--strict=yes"], {}, /^goodhart: error: --strict takes no value; see goodhart --help$/],
    [[], {}, /^goodhart: error: missing command .*; see goodhart --help$/],
    [["frob"], {}, /^goodhart: error: unknown command "frob" .*; see goodhart --help$/]
  ];
  for (const [args, env, expected] of cases) {
    const result = goodhart(args, env);
    assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.equal(result.stdout, "", args.join(" "));
    assert.equal(lines(result.stderr).length, 1, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr.trim(), expected);
  }
});

test("parseCommandLine: a negative number reaches the option's own check; unknown options are named", () => {
  assert.equal(parseCommandLine(["run", "--workers", "-1"]).values.workers, "-1");
  assert.equal(parseCommandLine(["run", "--seeds", "3", "--workers", "2"]).values.workers, "2");
  assert.throws(() => parseCommandLine(["--seed", "3"]), (e: Error) => e instanceof UsageError && e.message === "unknown option --seed (did you mean --seeds?)");
  assert.throws(() => parseCommandLine(["--out", "--workers", "2"]), /^UsageError: missing value for --out/);
});

test("plural: 1 run, 2 runs, 0 runs", () => {
  assert.deepEqual([0, 1, 2].map((n) => plural(n, "run")), ["0 runs", "1 run", "2 runs"]);
  assert.equal(plural(1, "training group"), "1 training group");
});

test("a typo in the spec's base is named as base, not blamed on the first sweep point", () => {
  const spec = {name: "t", seeds: [1], base: {preferences: {pairz: 10}}, sweeps: [{name: "objectives", axes: {"objective.name": ["single", "wco"]}}]};
  assert.throws(() => normalizeSpec(spec), (e: Error) => e instanceof SpecError && /^base: unknown field preferences\.pairz \(did you mean preferences\.pairs\?\)/.test(e.message));
  // An error that a sweep's value makes is still the sweep's.
  const swept = {name: "t", seeds: [1], sweeps: [{name: "noise", axes: {"preferences.label_noise": [0.1, 0.9]}}]};
  assert.throws(() => normalizeSpec(swept), /^SpecError: sweep "noise" with preferences\.label_noise=0\.9: invalid preferences\.label_noise: 0\.9/);
});

test("fewer than 5 seeds give a warning naming the count and the fix; 5 or more none", () => {
  assert.equal(MIN_SEEDS, 5);
  assert.equal(fewSeedsWarning([1, 2, 3, 4, 5], "--seeds"), undefined);
  assert.match(fewSeedsWarning([1], "--seeds")!, /^warning: 1 seed \(--seeds\): .* below 5 seeds \(with 1 the interval has zero width\); add seeds, e.g\. --seeds 1,2-5$/);
  assert.match(fewSeedsWarning([3, 4], "the spec's seeds")!, /^warning: only 2 seeds \(the spec's seeds\): .*--seeds 3,4,5-7$/);
  const validate = goodhart(["validate", "tests/fixtures/tiny.json"]);
  assert.equal(validate.status, 0);
  assert.match(validate.stderr, /^goodhart: warning: only 2 seeds \(the spec's seeds\)/m);
  assert.match(validate.stdout, /ok: tiny, 8 runs in 2 training groups, 2 seeds 1, 2/);
  assert.deepEqual(parseSeeds("1-3,7", "--seeds"), [1, 2, 3, 7]);
});

test("after a run: the report's own specs point to their page, other specs to how to get there", () => {
  for (const [path, {loader, page}] of Object.entries(reportSpecs)) {
    assert.ok(readFileSync(loader, "utf8").includes(path), `${loader} runs ${path}`);
    assert.ok(readFileSync(`src/${page.replace(/\.html$/, ".md")}`, "utf8").length > 0, page);
  }
  assert.equal(nextStep("data/experiments/robust-rl.json", "out", {cacheDir: "data/runs/.cache"}), "next: npm run dev, then open /robust.html: the Robust objectives page runs data/experiments/robust-rl.json itself, reusing the runs just cached");
  assert.doesNotMatch(nextStep("data/experiments/robust-rl.json", "out", {cacheDir: null}), /reusing/);
  assert.match(nextStep("my.json", "runs/x", {cacheDir: null}), /^next: .*npm run dev.*runs\/x\/\*\.arrow are in src\/data-contract\.md$/);
});

test("--help answers without loading the engine (TensorFlow.js, Arrow)", () => {
  // A module hook that prints every module URL as it resolves (hooks run off the main thread: write to fd 2).
  const hooks = join(dir, "hooks.mjs");
  const hook = `import {writeSync} from "node:fs"; export async function resolve(s, c, next) { const r = await next(s, c); writeSync(2, "loaded " + r.url + "\\n"); return r; }`;
  writeFileSync(hooks, `import {register} from "node:module";\nregister("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));\n`);
  const loaded = (args: string[]) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "--import", hooks, "loaders/cli.ts", ...args], {encoding: "utf8"});
    return lines(result.stderr).filter((l) => l.startsWith("loaded "));
  };
  const help = loaded(["--help"]);
  assert.ok(help.some((l) => l.includes("loaders/cli/usage.ts")), "the hook sees the CLI's own modules");
  assert.deepEqual(help.filter((l) => /tfjs|apache-arrow/.test(l)), []);
  assert.ok(loaded(["validate", "tests/fixtures/tiny.json"]).some((l) => /apache-arrow/.test(l)), "a command loads the engine");
});
