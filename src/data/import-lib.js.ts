// The log importer the CLI runs, bundled into one browser ES module that the "Import a log" page
// loads with FileAttachment("./data/import-lib.js") and a dynamic import(): pages cannot import
// modules outside src/, and the parsing code must exist once.
import {importLibrary} from "goodhart/loader";

await importLibrary();
