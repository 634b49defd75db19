import {existsSync} from "node:fs";
import {fileURLToPath} from "node:url";

// The report's pages, in sidebar order. A page is listed only once its Markdown exists, so pages
// written in parallel appear when they land and a missing one never breaks the build.
// Results first, infrastructure last.
const PAGES = [
  {name: "Overoptimization", path: "/overoptimization"},
  {name: "Robust objectives", path: "/robust"},
  {name: "White-box rewards", path: "/white-box"},
  {name: "Import a log", path: "/import"},
  {name: "Build environment", path: "/environment"},
  {name: "Performance", path: "/performance"},
  {name: "Data contract", path: "/data-contract"}
];

// The Docs section: the reference, generated from the code where it can be (Specs, API, the command
// line's usage), so that it cannot drift. The README links here.
const DOCS = [
  ["Command line", "cli"],
  ["Specs", "specs"],
  ["Import formats", "import-formats"],
  ["Backends", "backends"],
  ["Cluster recipes", "cluster"],
  ["Layout", "layout"],
  ["Adding a page or an experiment", "extending"],
  ["API", "api"],
  ["Measurements and methods", "measurements"]
].map(([name, page]) => ({name, path: `/docs/${page}`}));

const root = fileURLToPath(new URL("./src", import.meta.url));

function pageExists(path: string): boolean {
  return ["", ".js", ".ts", ".py", ".sh"].some((ext) => existsSync(`${root}${path}.md${ext}`));
}

export default {
  root: "src",
  title: "goodhart",
  pages: [...PAGES.filter((page) => pageExists(page.path)), {name: "Docs", open: false, pages: DOCS.filter((page) => pageExists(page.path))}],
  // The default pulls Google Fonts; the report must build and render with no network.
  globalStylesheets: [],
  // Framework installs DuckDB's json and parquet extensions by default, downloading them at build
  // time; null removes them (dist/config.js, normalizeDuckDB). Arrow files need neither.
  duckdb: {extensions: {json: null, parquet: null}},
  search: false,
  // Links end in .html (/robust.html, not /robust), so the sidebar and Next/Previous resolve on any
  // static server, python3 -m http.server included, not only on servers that map /robust to robust.html.
  preserveExtension: true,
  footer: "goodhart: an offline kit for Goodhart's law in RLHF. Built with Observable Framework."
};
