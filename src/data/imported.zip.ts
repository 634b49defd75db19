// Runs made elsewhere, imported at build time: every log of the folder data/experiments/imported.json
// names (loaders/run/import-spec.ts), as the Arrow tables goodhart import writes (runs, curves,
// imported_metrics, imported_analysis) in one zip (pages read data/imported/<table>.arrow). stdout
// gets the zip and nothing else; the import report goes to stderr.
import JSZip from "jszip";
import {importSpecLogs, importedArrow, loadImportSpec} from "../../loaders/run/import-spec.ts";
import {ENGINE_VERSION} from "../../loaders/version.ts";

const spec = loadImportSpec("data/experiments/imported.json");
const arrow = importedArrow(await importSpecLogs(spec, {engineVersion: ENGINE_VERSION}));

const zip = new JSZip();
for (const [name, bytes] of Object.entries(arrow)) zip.file(`${name}.arrow`, bytes, {date: new Date(Date.UTC(2000, 0, 1, 12))});
process.stdout.write(await zip.generateAsync({type: "uint8array", compression: "DEFLATE", compressionOptions: {level: 6}}));
