/**
 * Cache of shared stage results across invocations (today: the reference policy of a text
 * experiment, a checkpoint that takes a minute of SFT to make). One file per (stage, sha256 of
 * the stage key, backend, engine source hash) under <cache dir>/stages/; entries made by other
 * engine sources are deleted, as no current code can read them, and each entry is sealed with its
 * checksum: one that fails it is deleted and recomputed (cache.ts).
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {join} from "node:path";
import {removeStaleTemps, writeFileAtomic} from "../../io/arrow.ts";
import {engineSourceHash, seal, unseal} from "./cache.ts";

export class StageCache {
  readonly dir: string;
  readonly backend: string;
  constructor(cacheDir: string, backend: string) {
    this.dir = join(cacheDir, "stages");
    this.backend = backend;
    if (!existsSync(this.dir)) return;
    removeStaleTemps(this.dir);
    const current = engineSourceHash();
    for (const name of readdirSync(this.dir)) {
      const match = /^[\w-]+\.[0-9a-f]{16}\.[\w-]+\.([0-9a-f]{16})\.json$/.exec(name);
      if (match && match[1] !== current) rmSync(join(this.dir, name), {force: true});
    }
  }
  path(stage: string, key: string): string {
    const digest = createHash("sha256").update(key).digest("hex").slice(0, 16);
    return join(this.dir, `${stage}.${digest}.${this.backend}.${engineSourceHash()}.json`);
  }
  get(stage: string, key: string): string | undefined {
    const path = this.path(stage, key);
    if (!existsSync(path)) return undefined;
    const body = unseal(readFileSync(path, "utf8"));
    if (body === undefined) rmSync(path, {force: true});
    return body;
  }
  set(stage: string, key: string, text: string): void {
    mkdirSync(this.dir, {recursive: true});
    writeFileAtomic(this.path(stage, key), seal(text));
  }
}
