import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, resolve, sep} from "node:path";

/** A static file server listening on 127.0.0.1. */
export interface StaticServer {
  /** The site's origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly origin: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Port to listen on; default 0 (a random free port). */
  port?: number;
  /** Serve files by their exact names only, as `python3 -m http.server` does: `/environment` is a 404, `/environment.html` the page; default false (clean URLs). */
  plain?: boolean;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".parquet": "application/vnd.apache.parquet",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".zip": "application/zip"
};

/** The Content-Type for a file name, by extension; `application/octet-stream` when unknown. */
export function contentType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Maps a request path to a file under root the way Observable Framework's clean URLs expect:
 * `/` and `/dir/` -> `index.html` in that folder, `/environment` -> `environment.html`, any other
 * existing file as is. Returns undefined when nothing matches or the path escapes root.
 */
export async function resolveFile(root: string, pathname: string, {plain = false}: {plain?: boolean} = {}): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const base = resolve(root);
  const path = resolve(base, "." + decoded);
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  const candidates = decoded.endsWith("/") ? [join(path, "index.html")] : plain ? [path] : [path, path + ".html"];
  for (const candidate of candidates) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves the files under root on 127.0.0.1 (GET and HEAD only; 404.html, if any, for misses). */
export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const {port = 0, plain = false} = options;
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, {allow: "GET, HEAD"}).end();
        return;
      }
      const {pathname} = new URL(request.url ?? "/", "http://127.0.0.1");
      let file = await resolveFile(root, pathname, {plain});
      let status = 200;
      if (file === undefined) {
        status = 404;
        file = await resolveFile(root, "/404.html");
      }
      if (file === undefined) {
        response.writeHead(404, {"content-type": "text/plain; charset=utf-8"}).end("not found\n");
        return;
      }
      const {size} = await stat(file);
      response.writeHead(status, {
        "content-type": contentType(file),
        "content-length": size,
        "cache-control": "no-store"
      });
      if (request.method === "HEAD") response.end();
      else createReadStream(file).on("error", () => response.destroy()).pipe(response);
    } catch {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      })
  };
}
