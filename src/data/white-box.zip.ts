// The white-box experiment (a language model RL-tuned against Kim & Seo's RER lattice and learned
// reward models): the run tables (text samples and checkpoints included), findings, and the derived
// monotonicity and text_bands tables and examples of the text world (text_world), as Arrow IPC streams in one zip (pages read
// data/white-box/<table>.arrow). stdout gets the zip and nothing else; progress goes to stderr.
import {encodeRows} from "../../loaders/io/arrow.ts";
import {readReseedRecord, reseedRows} from "../../loaders/analysis/reseed-record.ts";
import {monotonicityRows, textBandRows} from "../../loaders/analysis/text-summary.ts";
import {reseed, textTables} from "../../loaders/io/schema/index.ts";
import {writeZip} from "../../loaders/report/index.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";
import {isTextPlan} from "../../loaders/run/kinds/index.ts";
import {textWorldExamples} from "../../loaders/analysis/text-world-examples.ts";
import {expandRuns} from "../../loaders/run/spec/spec.ts";
import {generateTextWorld} from "../../loaders/worlds/text/world.ts";

const {arrow, rows, findings, spec} = await runExperiment("data/experiments/white-box.json", {});
const plan = expandRuns(spec).find(isTextPlan);
if (!plan) throw new Error("data/experiments/white-box.json: expected a text spec");
const {name: _, seed, ...worldOptions} = plan.config.world;
const derived = {
  monotonicity: encodeRows(textTables.monotonicity, monotonicityRows(rows)),
  text_bands: encodeRows(textTables.text_bands, textBandRows(rows)),
  text_world: encodeRows(textTables.text_world, textWorldExamples(generateTextWorld(seed, worldOptions)))
};

// The last recorded reseeding check (goodhart reseed-check --record); the build never reruns it.
const reseedTable = {reseed: encodeRows(reseed, reseedRows(readReseedRecord("data/reseed/white-box.json"), findings))};

await writeZip({...arrow, ...derived, ...reseedTable});
