/**
 * Arrow tables written as they are made: rows go in run by run, in plan order, and leave as IPC
 * stream record batches once `batchRows` rows have gathered (at a run's end), so a sweep holds at
 * most one batch per table, never every row. The batch boundaries depend on the rows alone (never
 * on which worker finished first), so the bytes are deterministic; a table that fits one batch is
 * byte for byte what encodeRows writes.
 */
import {closeSync, openSync, writeSync} from "node:fs";
import {encodeRows} from "../../io/arrow.ts";
import type {TableSpec} from "../../io/schema/index.ts";

/** Rows per record batch (at least; a batch ends with a run): a few MiB of rows in memory per table. */
export const batchRows = 4096;

/** The IPC stream's end-of-stream marker: a continuation and a zero length. */
const eos = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

/** Bytes of the schema message at the front of an IPC stream (continuation, length, metadata; no body). */
function schemaLength(bytes: Uint8Array): number {
  return 8 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(4, true);
}

export interface TableStreamOptions {
  /** rows after which a batch is written, at the end of a run (default batchRows) */
  batchRows?: number;
}

/** One table's IPC stream, written piece by piece to `sink` (a file, or chunks in memory). */
export class TableStream {
  readonly spec: TableSpec;
  readonly #sink: (bytes: Uint8Array) => void;
  readonly #batchRows: number;
  #rows: Record<string, unknown>[] = [];
  #started = false;
  rowCount = 0;

  constructor(spec: TableSpec, sink: (bytes: Uint8Array) => void, {batchRows: size = batchRows}: TableStreamOptions = {}) {
    this.spec = spec;
    this.#sink = sink;
    this.#batchRows = size;
  }

  /** One run's rows; a batch leaves when enough have gathered. */
  add(rows: readonly Record<string, unknown>[]): void {
    for (const row of rows) this.#rows.push(row);
    this.rowCount += rows.length;
    if (this.#rows.length >= this.#batchRows) this.#flush();
  }

  /** Writes what is left and the end of the stream (a table with no rows: encodeRows' bytes for none). */
  end(): void {
    if (this.#rows.length || !this.#started) this.#flush();
    this.#sink(eos);
  }

  #flush(): void {
    const bytes = encodeRows(this.spec, this.#rows); // schema, one record batch, end of stream
    this.#sink(bytes.subarray(this.#started ? schemaLength(bytes) : 0, bytes.length - eos.length));
    this.#started = true;
    this.#rows = [];
  }
}

/** Rows in runs (one array per run, in order) -> the IPC stream bytes TableStream writes. */
export function encodeRuns(spec: TableSpec, runs: Iterable<readonly Record<string, unknown>[]>, options: TableStreamOptions = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const stream = new TableStream(spec, (bytes) => chunks.push(bytes.slice()), options);
  for (const rows of runs) stream.add(rows);
  stream.end();
  return Buffer.concat(chunks);
}

/** A TableStream into a file (opened now, closed by end() or close()). */
export class FileTableStream extends TableStream {
  readonly #fd: number;
  #open = true;
  constructor(spec: TableSpec, path: string, options: TableStreamOptions = {}) {
    const fd = openSync(path, "w");
    super(spec, (bytes) => void writeSync(fd, bytes), options);
    this.#fd = fd;
  }
  override end(): void {
    super.end();
    this.close();
  }
  close(): void {
    if (this.#open) closeSync(this.#fd);
    this.#open = false;
  }
}
