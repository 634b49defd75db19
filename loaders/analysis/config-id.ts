import {createHash} from "node:crypto";
import {isRecord} from "../narrow.ts";

/**
 * The configuration of a runs row: first 12 hex digits of sha256 of its resolved config without
 * the seed, so runs that differ only by seed share it. config_json is hashed here, never read for
 * parameters (those are runs columns).
 */
export function configId(run: Readonly<Record<string, unknown>>): string {
  const parsed: unknown = JSON.parse(String(run.config_json));
  if (!isRecord(parsed)) throw new Error(`invalid config_json of run ${String(run.run_id)}: ${String(run.config_json)} (expected a JSON object, the run's resolved config)`);
  const {seed: _seed, ...config} = parsed;
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);
}

/** Whether a runs row finished: failed runs (runs.status "failed", a numerical fault) are listed, never analysed. Rows without a status (older outputs) finished. */
export const succeeded = (run: Readonly<Record<string, unknown>>): boolean => run.status !== "failed";

/** The run_ids of failed runs: rows of theirs in other tables (the engine writes none) are skipped, not analysed. */
export const failedIds = (runs: readonly Readonly<Record<string, unknown>>[]): Set<string> => new Set(runs.filter((r) => !succeeded(r)).map((r) => String(r.run_id)));
