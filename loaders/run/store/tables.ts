/** The names of the run tables a sweep writes, and a record with one entry per table. */
import {runTables} from "../../io/schema/index.ts";

export type TableName = keyof typeof runTables;
/** The run tables and the findings the engine computes from them. */
export type OutputName = TableName | "findings";

/** The run tables in schema order (io/schema/runs.ts), the order their files are written in. */
export const tableNames: readonly TableName[] = ["runs", "curves", "reward_models", "samples", "checkpoints", "checkpoint_prompts"];

/** One value per run table, made by `make`. */
export function perTable<V>(make: (name: TableName) => V): Record<TableName, V> {
  return {runs: make("runs"), curves: make("curves"), reward_models: make("reward_models"), samples: make("samples"), checkpoints: make("checkpoints"), checkpoint_prompts: make("checkpoint_prompts")};
}
