// The report's site. Offline by design: no Google Fonts (globalStylesheets), no DuckDB extensions to
// download (the pages read Arrow). `npm run build` (goodhart build) fills Framework's npm cache from
// node_modules first, so the build never reaches the network.
export default {
  root: "src",
  title: "__NAME__",
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}},
  search: false
};
