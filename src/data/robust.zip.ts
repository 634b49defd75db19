// The robust-rl experiment: the four run tables, findings, the derived rl_bands, rl_seeds and
// rl_summary, and the last reseeding check, as Arrow IPC streams in one zip (pages read
// data/robust/<table>.arrow). stdout gets the zip; progress goes to stderr.
import {experimentZip, rlSummary} from "goodhart/loader";

await experimentZip("data/experiments/robust-rl.json", {derive: rlSummary, reseed: "data/reseed/robust-rl.json"});
