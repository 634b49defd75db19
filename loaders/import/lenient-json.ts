/**
 * JSON as training scripts really write it: Python's json.dump writes NaN, Infinity and -Infinity
 * as bare tokens, and launcher logs print Python dicts ({'loss': nan, 'done': True}). Records the
 * line of every object and tells a truncated file (the text ends inside a value) from a malformed one.
 */

export interface LenientJsonOptions {
  /** also read Python's repr: 'single-quoted' strings, True, False, None, nan, inf; default false */
  python?: boolean;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly truncated: boolean) {
    super(message);
  }
}

const bare: Record<string, unknown> = {true: true, false: false, null: null, NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity};
const python: Record<string, unknown> = {True: true, False: false, None: null, nan: NaN, inf: Infinity, "-inf": -Infinity, "-nan": NaN};
const escapes: Record<string, string> = {n: "\n", t: "\t", r: "\r", b: "\b", f: "\f"};
const number = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class JsonReader {
  pos = 0;
  private readonly starts: number[] = [0];
  private readonly objectLines = new WeakMap<object, number>();

  constructor(readonly text: string, readonly options: LenientJsonOptions = {}) {
    for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line of a text offset. */
  lineAt(pos: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The line an object parsed by this reader started on. */
  lineOf(value: object): number | undefined {
    return this.objectLines.get(value);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) ++this.pos;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** Consumes `char` (after white space) or fails. */
  expect(char: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== char) this.fail(`expected "${char}"`);
    ++this.pos;
  }

  /** Consumes `char` if it comes next (after white space). */
  accept(char: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== char) return false;
    ++this.pos;
    return true;
  }

  fail(what: string): never {
    const end = this.pos >= this.text.length;
    const found = end ? "the end of the text" : JSON.stringify(this.text.slice(this.pos, this.pos + 12));
    throw new JsonSyntaxError(`${what}, found ${found}`, this.lineAt(Math.min(this.pos, this.text.length)), end);
  }

  /** Parses one value at the current position. */
  value(): unknown {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array((item) => item);
    if (c === '"' || (c === "'" && this.options.python)) return this.string(c);
    const word = /^-?[A-Za-z]+|^-?[\d.][\d.eE+-]*/.exec(this.text.slice(this.pos, this.pos + 40))?.[0];
    if (word !== undefined) {
      if (word in bare || (this.options.python && word in python)) {
        this.pos += word.length;
        return word in bare ? bare[word] : python[word];
      }
      if (number.test(word)) {
        this.pos += word.length;
        return Number(word);
      }
    }
    return this.fail("expected a value");
  }

  /** Parses an array, mapping each item as it is read (`onItem` may throw to stop). */
  array<T>(onItem: (item: unknown, line: number) => T): T[] {
    this.expect("[");
    const items: T[] = [];
    if (this.accept("]")) return items;
    for (;;) {
      this.skipSpace();
      const line = this.lineAt(this.pos);
      items.push(onItem(this.value(), line));
      if (this.accept("]")) return items;
      this.expect(",");
    }
  }

  private object(): Record<string, unknown> {
    const line = this.lineAt(this.pos);
    this.expect("{");
    const result: Record<string, unknown> = {};
    this.objectLines.set(result, line);
    if (this.accept("}")) return result;
    for (;;) {
      const key = this.key();
      this.expect(":");
      result[key] = this.value();
      if (this.accept("}")) return result;
      this.expect(",");
    }
  }

  /** Reads an object key (a string); exported for readers that walk an object key by key. */
  key(): string {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '"' || (c === "'" && this.options.python)) return this.string(c);
    return this.fail("expected a key");
  }

  private string(quote: string): string {
    const start = this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === quote) return out;
      if (c === "\n") break;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      if (e === "u") {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else out += escapes[e] ?? e;
    }
    this.pos = Math.max(this.pos, start);
    return this.fail("unterminated string");
  }
}

/** Parses a whole text as one value (white space around it allowed). */
export function parseLenientJson(text: string, options: LenientJsonOptions = {}): unknown {
  const reader = new JsonReader(text, options);
  const value = reader.value();
  if (!reader.atEnd()) reader.fail("unexpected text after the value");
  return value;
}
