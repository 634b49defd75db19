// The starter experiment: runs data/experiments/starter.json (cached runs are reused) and writes
// its tables (runs, curves, reward_models, samples, findings, bands, fits) as Arrow in one zip.
import {experimentZip} from "goodhart/loader";

await experimentZip("data/experiments/starter.json");
