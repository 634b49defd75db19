/**
 * goodhart/loader: helpers that make a report's data loader a few lines. A loader runs a spec or
 * imports a folder of logs and writes the tables as Arrow IPC streams into one zip on stdout; the
 * derive functions add the tables a page draws (bands, fits and their curves, summaries), so that
 * the chart components compute nothing.
 */
export {experimentZip} from "./experiment-zip.ts";
export type {ExperimentZipOptions} from "./experiment-zip.ts";
export {bandsAndFits, rlSummary, sampleViews, textSummary} from "./derive.ts";
export type {Derive} from "./derive.ts";
export {importZip} from "./import-zip.ts";
export {recordedTable} from "./recorded-table.ts";
export type {RecordedTableOptions} from "./recorded-table.ts";
export {environmentTable} from "./environment-table.ts";
export {importLibrary} from "./import-library.ts";
export {writeBytes, writeZip, zipTables} from "./zip.ts";
export type {ArrowTables} from "./zip.ts";
