/**
 * goodhart/loader: helpers that make a report's data loader a few lines. A loader runs a spec or
 * imports a folder of logs and writes the tables as Arrow IPC streams into one zip on stdout.
 */
export {experimentZip, bandsAndFits} from "./experiment-zip.ts";
export type {ExperimentZipOptions} from "./experiment-zip.ts";
export {importZip} from "./import-zip.ts";
export {writeZip, zipTables} from "./zip.ts";
export type {ArrowTables} from "./zip.ts";
