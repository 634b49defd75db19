// The build environment: every backend tried, matmul GFLOP/s of each that loads, machine facts.
// stdout gets the Arrow IPC stream and nothing else; the summary goes to stderr.
import {releaseBackends} from "../../loaders/backend/backend.ts";
import {measureEnvironment} from "../../loaders/machine/measure.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {environment} from "../../loaders/io/schema/index.ts";

const rows = await measureEnvironment();
releaseBackends();
process.stdout.write(encodeRows(environment, rows));
