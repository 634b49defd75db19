import {readdir} from "node:fs/promises";
import {join} from "node:path";

/** Every file under `dir`, recursively, skipping folders named in `skip` (default none). */
export async function listFiles(dir: string, {skip = []}: {skip?: readonly string[]} = {}): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true}).catch(missingIsEmpty)) {
    if (skip.includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, {skip})));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function missingIsEmpty(error: NodeJS.ErrnoException): never[] {
  if (error.code === "ENOENT") return [];
  throw error;
}
