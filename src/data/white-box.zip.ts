// The white-box experiment (a language model RL-tuned against Kim & Seo's RER lattice and learned
// reward models): the run tables, findings, the derived monotonicity, monotonicity_summary,
// text_bands, text_changes and text_world tables, and the last reseeding check, as Arrow IPC
// streams in one zip (pages read data/white-box/<table>.arrow). stdout gets the zip; progress goes to stderr.
import {experimentZip, textSummary} from "goodhart/loader";

await experimentZip("data/experiments/white-box.json", {derive: textSummary, reseed: "data/reseed/white-box.json"});
