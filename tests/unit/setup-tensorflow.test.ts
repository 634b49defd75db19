// The offline tensorflow set-up: the tar reader, the one-line fallbacks, the cache key, and, when
// the binding is built here, that a rerun reuses it.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {bindingVersion, cacheKey, missingToolchain, PINS, setupTensorflow} from "../../scripts/lib/tensorflow.ts";
import {extractTar} from "../../scripts/lib/untar.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-setup-"));
const pkg = "node_modules/@tensorflow/tfjs-node";

test("extractTar writes only the entries under the prefix: files, folders, symlinks, long names", async () => {
  const src = join(dir, "src/node_modules/x/deps");
  const long = "d".repeat(90) + "/" + "f".repeat(90) + ".h";
  mkdirSync(join(src, "lib"), {recursive: true});
  mkdirSync(join(src, "d".repeat(90)), {recursive: true});
  writeFileSync(join(src, "lib/libx.so.1.0"), Buffer.alloc(1500, 7));
  writeFileSync(join(src, "empty"), "");
  writeFileSync(join(src, long), "long name");
  writeFileSync(join(dir, "src/node_modules/x/other.js"), "not extracted");
  spawnSync("ln", ["-s", "libx.so.1.0", join(src, "lib/libx.so")]);
  const tar = spawnSync("tar", ["--format=ustar", "-cf", join(dir, "a.tar"), "-C", join(dir, "src"), "node_modules"]);
  assert.equal(tar.status, 0, String(tar.stderr));
  const dest = join(dir, "out");
  const written = await extractTar(createReadStream(join(dir, "a.tar")), {prefix: "node_modules/x/deps/", dest});
  assert.equal(written, 4);
  assert.deepEqual(readFileSync(join(dest, "lib/libx.so.1.0")), Buffer.alloc(1500, 7));
  assert.equal(readFileSync(join(dest, "empty"), "utf8"), "");
  assert.equal(readFileSync(join(dest, long), "utf8"), "long name");
  assert.ok(lstatSync(join(dest, "lib/libx.so")).isSymbolicLink());
  assert.equal(readlinkSync(join(dest, "lib/libx.so")), "libx.so.1.0");
  assert.ok(!existsSync(join(dest, "other.js")) && !existsSync(join(dest, "../other.js")));
});

test("extractTar rejects what is not a ustar archive", async () => {
  writeFileSync(join(dir, "bad.tar"), Buffer.alloc(1024, 1));
  await assert.rejects(extractTar(createReadStream(join(dir, "bad.tar")), {prefix: "", dest: join(dir, "bad")}), /not a ustar archive/);
});

test("every fallback is one line naming the reason, and setup never throws", async () => {
  const skip = await setupTensorflow({root: dir, env: {GOODHART_SKIP_TENSORFLOW: "1"}});
  assert.deepEqual(skip, {ready: false, route: "none", line: "goodhart: tensorflow backend not set up (GOODHART_SKIP_TENSORFLOW=1); goodhart computes on wasm"});
  const none = await setupTensorflow({root: dir, env: {}});
  assert.equal(none.route, "none");
  assert.match(none.line, /^goodhart: tensorflow backend not set up \(@tensorflow\/tfjs-node is not installed: optional dependencies omitted\?\); goodhart computes on wasm$/);
  assert.ok(!none.line.includes("\n"));
});

test("without g++ (or make) on PATH the toolchain check says so", () => {
  assert.equal(missingToolchain({PATH: join(dir, "empty-bin")}), "no C++ compiler: g++ is not on PATH");
  assert.equal(missingToolchain({PATH: join(dir, "empty-bin"), CXX: "/nonexistent/clang++"}), "no C++ compiler: /nonexistent/clang++ is not on PATH");
});

test("the cache key names every input of the build", () => {
  const key = cacheKey();
  for (const part of [PINS.tfjsNode, PINS.releases, PINS.archive.replace(/\.br$/, ""), process.platform, process.arch, `napi-${PINS.napi}`]) assert.ok(key.includes(part), `${key} lacks ${part}`);
  assert.match(key, /_stub-[0-9a-f]{8}$/);
  assert.equal(cacheKey(), key);
});

const built = bindingVersion(pkg);
test("when the binding is built here, a rerun keeps it and says which libtensorflow loads", {skip: built.ok ? false : `no tensorflow binding here (${built.reason})`}, async () => {
  const again = await setupTensorflow({env: {...process.env, GOODHART_SKIP_TENSORFLOW: ""}});
  assert.equal(again.ready, true);
  assert.equal(again.route, "installed");
  assert.match(again.line, /^goodhart: tensorflow backend ready \(the installed binding loads: libtensorflow \d+\.\d+\.\d+\)$/);
});
