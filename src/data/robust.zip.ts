// The robust-rl experiment: the four run tables, findings, and the derived rl_bands, rl_seeds and rl_summary,
// as Arrow IPC streams in one zip (pages read data/robust/<table>.arrow). stdout gets the zip and
// nothing else; progress goes to stderr.
import {encodeRows} from "../../loaders/io/arrow.ts";
import {readReseedRecord, reseedRows} from "../../loaders/analysis/reseed-record.ts";
import {rlSummaryTables} from "../../loaders/analysis/rl-summary.ts";
import {reseed, rlTables} from "../../loaders/io/schema/index.ts";
import {writeZip} from "../../loaders/report/index.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";

const {arrow, rows, findings} = await runExperiment("data/experiments/robust-rl.json", {});
const derived = rlSummaryTables(rows);

// The last recorded reseeding check (goodhart reseed-check --record); the build never reruns it.
const reseedTable = {reseed: encodeRows(reseed, reseedRows(readReseedRecord("data/reseed/robust-rl.json"), findings))};

const members = {...arrow, ...reseedTable, ...Object.fromEntries(Object.entries(rlTables).map(([name, spec]) => [name, encodeRows(spec, derived[name as keyof typeof rlTables])]))};
await writeZip(members);
