import {AUTO_ORDER, autoPick, defaultProbes} from "../backend/backend.ts";
import type {BackendName, ProbeTable} from "../backend/backend.ts";
import {firstLine} from "../backend/candidates.ts";
import {tf} from "../tf.ts";
import {machineInfo} from "./machine.ts";
import type {MachineInfo} from "./machine.ts";
import {timeMatmul} from "./matmul.ts";
import type {MatmulOptions} from "./matmul.ts";

/** One row of the `environment` table (loaders/io/schema/environment.ts). A type, not an interface, so that it is a Record<string, unknown>. */
export type EnvironmentRow = MachineInfo & {
  backend: BackendName;
  loaded: boolean;
  reason: string | null;
  device: string | null;
  auto_order: number;
  auto_choice: boolean;
  matmul_size: number | null;
  seconds: number | null;
  gflops: number | null;
};

export interface MeasureOptions extends MatmulOptions {
  /** probes replacing the real ones, per backend (default: none; for tests) */
  probes?: Partial<ProbeTable>;
  /** where the summary line goes; null for silence (default: a line on stderr) */
  log?: ((line: string) => void) | null;
}

/**
 * Tries every backend (not only auto's pick), times a float32 matmul on each that loads, and
 * returns one row per backend in AUTO_ORDER, with the machine's facts repeated on every row.
 * The previously current backend is restored afterwards.
 */
export async function measureEnvironment(options: MeasureOptions = {}): Promise<EnvironmentRow[]> {
  const {probes = {}, log = stderrLine, ...matmul} = options;
  const table: ProbeTable = {...defaultProbes, ...probes};
  const machine = machineInfo();
  const before = tf.getBackend();
  const start = performance.now();
  const rows: EnvironmentRow[] = [];
  for (const [i, backend] of AUTO_ORDER.entries()) {
    const row: EnvironmentRow = {
      backend, loaded: false, reason: null, device: null, auto_order: i + 1, auto_choice: false,
      matmul_size: null, seconds: null, gflops: null, ...machine
    };
    try {
      row.device = await table[backend]();
      row.loaded = true;
    } catch (error) {
      row.reason = firstLine(error);
    }
    if (row.loaded) {
      try {
        const timing = await timeMatmul(matmul);
        Object.assign(row, {matmul_size: timing.size, seconds: timing.seconds, gflops: timing.gflops});
      } catch (error) {
        row.reason = `timing failed: ${firstLine(error)}`;
      }
    }
    rows.push(row);
  }
  const pick = autoPick(new Set(rows.filter((r) => r.loaded).map((r) => r.backend)));
  for (const row of rows) row.auto_choice = row.backend === pick;
  if (before && before !== tf.getBackend()) await tf.setBackend(before);
  log?.(summary(rows, pick, performance.now() - start));
  return rows;
}

function summary(rows: readonly EnvironmentRow[], pick: string | undefined, ms: number): string {
  const parts = rows.map((r) => `${r.backend} ${r.gflops != null ? `${r.gflops.toFixed(1)} GFLOP/s` : r.loaded ? "loaded, not timed" : "no"}`);
  return `goodhart: environment: ${parts.join(", ")} (auto picks ${pick ?? "none"}; ${(ms / 1e3).toFixed(1)} s)`;
}

function stderrLine(line: string): void {
  process.stderr.write(line + "\n");
}
