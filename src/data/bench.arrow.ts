// The last `npm run bench` (data/bench/bench.arrow, table bench), for the Performance page; an empty
// table with the same columns when the bench has not been run in this checkout.
import {schema} from "goodhart";
import {recordedTable} from "goodhart/loader";

await recordedTable("data/bench/bench.arrow", schema.bench, {rerun: "npm run bench"});
