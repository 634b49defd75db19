// A streaming reader for the part of POSIX tar (ustar) that release archives use: regular files,
// directories and symbolic links, names up to 255 characters (prefix + name). Only entries under
// one folder are written, so a 370 MB archive is never held in memory or on disk whole.
import {closeSync, mkdirSync, openSync, symlinkSync, writeSync} from "node:fs";
import {dirname, join, normalize, relative, sep} from "node:path";
import type {Readable} from "node:stream";

export interface ExtractOptions {
  /** only entries under this archive folder are written, with the prefix stripped (e.g. "node_modules/x/deps/") */
  prefix: string;
  /** where they are written */
  dest: string;
}

const BLOCK = 512;

/** Extracts the entries under `prefix` from a tar stream into `dest`; resolves to the number of entries written. */
export async function extractTar(stream: Readable, {prefix, dest}: ExtractOptions): Promise<number> {
  let buffer: Buffer = Buffer.alloc(0);
  // the entry being read: `size` bytes of data padded to `blocks` bytes; fd is null when skipped
  let entry: {fd: number | null; size: number; blocks: number; got: number} | null = null;
  let written = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      if (entry) {
        const take = Math.min(entry.blocks - entry.got, buffer.length - offset);
        const data = Math.max(0, Math.min(take, entry.size - entry.got));
        if (entry.fd !== null && data > 0) writeSync(entry.fd, buffer, offset, data);
        entry.got += take;
        offset += take;
        if (entry.got < entry.blocks) break;
        if (entry.fd !== null) {
          closeSync(entry.fd);
          written++;
        }
        entry = null;
        continue;
      }
      if (buffer.length - offset < BLOCK) break;
      const header = buffer.subarray(offset, offset + BLOCK);
      offset += BLOCK;
      if (header.every((b) => b === 0)) continue; // end-of-archive blocks
      const {name, size, type, link} = parseHeader(header);
      const target = name.startsWith(prefix) ? safeJoin(dest, name.slice(prefix.length)) : null;
      if (target !== null && type === "5") mkdirSync(target, {recursive: true});
      else if (target !== null && type === "2") {
        mkdirSync(dirname(target), {recursive: true});
        symlinkSync(link, target);
        written++;
      } else if (target !== null && type !== "0" && type !== "\0") {
        throw new Error(`tar entry ${name}: unsupported type ${JSON.stringify(type)}`);
      } else if (target !== null) mkdirSync(dirname(target), {recursive: true});
      const file = type === "0" || type === "\0";
      if (size > 0) entry = {fd: target !== null && file ? openSync(target, "w", 0o755) : null, size, blocks: Math.ceil(size / BLOCK) * BLOCK, got: 0};
      else if (target !== null && file) {
        closeSync(openSync(target, "w", 0o755));
        written++;
      }
    }
    buffer = buffer.subarray(offset);
  }
  if (entry) throw new Error("tar archive ends inside an entry (truncated download?)");
  return written;
}

function parseHeader(header: Buffer): {name: string; size: number; type: string; link: string} {
  const text = (start: number, length: number) => header.toString("utf8", start, start + length).replace(/\0.*$/s, "");
  const magic = text(257, 6);
  if (magic !== "ustar") throw new Error(`not a ustar archive (header magic ${JSON.stringify(magic)})`);
  const stored = header.reduce((sum, byte, i) => sum + (i >= 148 && i < 156 ? 32 : byte), 0);
  if (stored !== parseInt(text(148, 8).trim(), 8)) throw new Error("tar header checksum mismatch (corrupt archive?)");
  const prefix = text(345, 155);
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
  return {name, size: parseInt(text(124, 12).trim() || "0", 8), type: String.fromCharCode(header[156]), link: text(157, 100)};
}

/** `dest/relativePath`, refusing paths that climb out of `dest`. */
function safeJoin(dest: string, relativePath: string): string | null {
  if (relativePath === "" || relativePath === "/") return null;
  const target = join(dest, normalize(relativePath));
  const rel = relative(dest, target);
  if (rel.startsWith("..") || rel.startsWith(sep)) throw new Error(`tar entry escapes its folder: ${relativePath}`);
  return target;
}
