import {releaseBackends} from "../backend/backend.ts";
import {encodeRows} from "../io/arrow.ts";
import {environment} from "../io/schema/index.ts";
import {measureEnvironment} from "../measure/environment.ts";
import {writeBytes} from "./zip.ts";

/**
 * A loader for the build environment (table environment): every compute backend tried, the matmul
 * GFLOP/s of each that loads, and machine facts, as Arrow on stdout.
 *
 * ```ts
 * // src/data/environment.arrow.ts
 * import {environmentTable} from "goodhart/loader";
 * await environmentTable();
 * ```
 */
export async function environmentTable(): Promise<void> {
  const rows = await measureEnvironment();
  releaseBackends();
  await writeBytes(encodeRows(environment, rows));
}
