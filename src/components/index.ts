/**
 * goodhart/components: the report's chart pieces and row types, for pages (browser only). Charts
 * shared by several pages are top level; each page's own charts are a namespace named after it.
 */
export * from "./charts.js";
export type * from "./rows.js";
export * from "./findings.js";
export * from "./failed-runs.js";
export * from "./directed.js";
export * from "./forest.js";
export * as environment from "./environment.js";
export * as importCharts from "./import.js";
export * as importRuns from "./import-runs.js";
export * as importSamples from "./import-samples.js";
export * as performance from "./performance.js";
export * as overoptimization from "./overoptimization.js";
export * as robust from "./robust.js";
export * as whiteBox from "./white-box.js";
