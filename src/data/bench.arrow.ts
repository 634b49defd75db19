// The last `npm run bench` (data/bench/bench.arrow, table `bench`), for the Performance page; an empty
// table with the same columns when the bench has not been run in this checkout. stdout gets the
// Arrow IPC stream and nothing else.
import {existsSync, readFileSync} from "node:fs";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {bench} from "../../loaders/io/schema/index.ts";

const file = "data/bench/bench.arrow";
if (existsSync(file)) {
  const bytes = readFileSync(file);
  const names = tableFromIPC(bytes).schema.fields.map((f) => f.name);
  const missing = bench.columns.map((c) => c.name).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    process.stderr.write(`${file}: columns ${missing.join(", ")} are missing (written by an older bench): rerun npm run bench\n`);
    process.exit(1);
  }
  process.stdout.write(bytes);
} else {
  process.stderr.write(`${file} does not exist: the Performance page will say so (run npm run bench)\n`);
  process.stdout.write(encodeRows(bench, []));
}
