// Temporary files of killed writers (io/arrow.ts): a dead writer's are removed, a live one's kept, and
// a zombie (killed, not yet reaped by its new parent) counts as dead.
import assert from "node:assert/strict";
import {spawn} from "node:child_process";
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {hostname, tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {processAlive, removeStaleTemps, tempPath} from "../../loaders/io/arrow.ts";

const linux = existsSync("/proc/self/stat");

test("removeStaleTemps: a dead writer's temporary file goes, this process's stays, other names stay", async () => {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-temps-"));
  try {
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("close", resolve));
    const host = hostname().replace(/[^A-Za-z0-9-]/g, "-") || "host";
    writeFileSync(join(dir, `.runs.arrow.${host}.${dead.pid}.tmp`), "x");
    writeFileSync(tempPath(join(dir, "curves.arrow")), "x");
    writeFileSync(join(dir, `.runs.arrow.other-host.${dead.pid}.tmp`), "x");
    writeFileSync(join(dir, "runs.arrow"), "x");
    removeStaleTemps(dir);
    assert.deepEqual(readdirSync(dir).sort(), [`.curves.arrow.${host}.${process.pid}.tmp`, `.runs.arrow.other-host.${dead.pid}.tmp`, "runs.arrow"].sort());
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("processAlive: a zombie is not alive", {skip: !linux && "no /proc"}, async () => {
  // sh starts a short sleep in the background, prints its pid, then becomes a long sleep that never
  // waits for it: the short sleep ends as a zombie until the long one exits.
  const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 5"], {stdio: ["ignore", "pipe", "ignore"]});
  try {
    const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    assert.equal(processAlive(pid), true, "running");
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(processAlive(pid), false, "a zombie");
    assert.equal(processAlive(process.pid), true);
  } finally {
    parent.kill("SIGKILL");
  }
});
