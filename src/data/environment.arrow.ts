// The build environment: every backend tried, matmul GFLOP/s of each that loads, machine facts.
// stdout gets the Arrow IPC stream; the summary goes to stderr.
import {environmentTable} from "goodhart/loader";

await environmentTable();
