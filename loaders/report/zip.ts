import JSZip from "jszip";

/** Arrow IPC stream bytes by table name: each becomes `<name>.arrow` in the zip. */
export type ArrowTables = Readonly<Record<string, Uint8Array | undefined>>;

/** A fixed date for every member, so the same tables give the same zip bytes. */
const MEMBER_DATE = new Date(Date.UTC(2000, 0, 1, 12));

/**
 * The tables as one zip of `<name>.arrow` members (DEFLATE, level 6), byte-identical for identical
 * tables. Pages read a member as `FileAttachment("data/<zip>/<name>.arrow")`.
 */
export async function zipTables(tables: ArrowTables): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(tables)) if (bytes !== undefined) zip.file(`${name}.arrow`, bytes, {date: MEMBER_DATE});
  return zip.generateAsync({type: "uint8array", compression: "DEFLATE", compressionOptions: {level: 6}});
}

/** Writes the tables' zip to stdout (a loader's output) and nothing else; resolves once it is flushed. */
export async function writeZip(tables: ArrowTables, {out = process.stdout}: {out?: NodeJS.WritableStream} = {}): Promise<void> {
  await writeBytes(await zipTables(tables), {out});
}

/** Writes bytes to stdout (a loader's output); resolves once they are flushed. */
export function writeBytes(bytes: Uint8Array, {out = process.stdout}: {out?: NodeJS.WritableStream} = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => out.write(bytes, (error) => (error ? reject(error) : resolve())));
}
