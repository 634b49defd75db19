// `npm run setup` (and npm's postinstall): sets up the `tensorflow` backend offline when it can,
// and prints one line saying what it did or why goodhart computes on wasm. It never fails the
// install: wasm is always there. Skip it with GOODHART_SKIP_TENSORFLOW=1 (src/docs/backends.md).
import {setupTensorflow} from "./lib/tensorflow.ts";

const {line} = await setupTensorflow();
process.stderr.write(`${line}\n`);
