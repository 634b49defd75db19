import {existsSync, readFileSync} from "node:fs";
import {tableFromIPC} from "apache-arrow";

/** A bench figure (bench/index.ts): the calibration's pooled rates, in percent. */
export interface CalibrationFigure {
  section: "import_calibration";
  metric: string;
  label: string;
  setting: string;
  value: number | null;
  unit: "%";
  backend: null;
  note: string;
}

/**
 * The pooled false-alarm rates (null golds) and detection rates (Gao peaks) of the importer's
 * calibration file as bench figures; one figure saying how to make it when the file is absent.
 */
export function importCalibrationFigures(path: string): CalibrationFigure[] {
  const base = {section: "import_calibration" as const, unit: "%" as const, backend: null};
  if (!existsSync(path)) return [{...base, metric: "false_alarm_rate", label: "false alarms", setting: "—", value: null, note: `${path} is absent: run node --import tsx bench/import-calibration.ts`}];
  const rows = tableFromIPC(readFileSync(path)).toArray().map((r) => r.toJSON() as Record<string, unknown>).filter((r) => r.section === "divergence" && r.steps === null);
  return rows.flatMap((r) => {
    const peak = r.gold === "peak";
    if ((r.metric === "fall_test_rate") === peak) return [];
    const target = r.target ? `; target ${String(r.target)}: ${r.meets ? "met" : "missed"}` : "";
    return [{
      ...base, metric: peak ? "detection_rate" : "false_alarm_rate", label: peak ? "divergences detected" : "false alarms",
      setting: `${peak ? `peak falling ${String(r.fall_sd)} sd` : String(r.gold)}, ${String(r.noise)} noise`, value: 100 * Number(r.value),
      note: `${String(r.logs)} synthetic logs (loaders/import/calibration.ts, seed ${String(r.seed)}), MC se ${(100 * Number(r.mc_se)).toFixed(1)}%${target}; from ${path}`
    }];
  });
}
