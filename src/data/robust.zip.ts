// The robust-rl experiment: the four run tables, findings, and the derived rl_bands, rl_seeds and rl_summary,
// as Arrow IPC streams in one zip (pages read data/robust/<table>.arrow). stdout gets the zip and
// nothing else; progress goes to stderr.
import JSZip from "jszip";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {readReseedRecord, reseedRows} from "../../loaders/analysis/reseed-record.ts";
import {rlSummaryTables} from "../../loaders/analysis/rl-summary.ts";
import {reseed, rlTables} from "../../loaders/io/schema/index.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";

const {arrow, rows, findings} = await runExperiment("data/experiments/robust-rl.json", {});
const derived = rlSummaryTables(rows);

// The last recorded reseeding check (goodhart reseed-check --record); the build never reruns it.
const reseedTable = {reseed: encodeRows(reseed, reseedRows(readReseedRecord("data/reseed/robust-rl.json"), findings))};

const zip = new JSZip();
const members = {...arrow, ...reseedTable, ...Object.fromEntries(Object.entries(rlTables).map(([name, spec]) => [name, encodeRows(spec, derived[name as keyof typeof rlTables])]))};
for (const [name, bytes] of Object.entries(members)) zip.file(`${name}.arrow`, bytes, {date: new Date(Date.UTC(2000, 0, 1, 12))});
process.stdout.write(await zip.generateAsync({type: "uint8array", compression: "DEFLATE", compressionOptions: {level: 6}}));
