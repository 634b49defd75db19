/**
 * What a process and everything it starts cost, read from Linux's /proc while they run: CPU seconds
 * (user + system) and the peak resident memory of the largest single process (VmHWM, the kernel's
 * own high-water mark, so a short peak between two readings still counts, as long as its process
 * is read once before it exits). Used by `npm run build` (the default build's largest process) and
 * `npm run bench` (sweeps). Where /proc is missing (macOS, Windows) the figures are NaN.
 */
import {existsSync, readFileSync} from "node:fs";

export interface TreeUsage {
  /** CPU seconds of the process and all its descendants (the last reading of each); NaN without /proc */
  cpuSeconds: number;
  /** peak resident memory of the largest single process, MiB; NaN without /proc */
  peakRssMb: number;
  /** peak of the summed current resident memory (VmRSS) of the whole tree at one reading, MiB; NaN without /proc */
  treePeakRssMb: number;
  /** the command line of that process, shortened ("" when unknown) */
  peakCommand: string;
  /** processes seen */
  processes: number;
}

export interface TreeWatch {
  /** takes a last reading, stops the timer and returns the totals */
  stop(): TreeUsage;
}

/** Starts reading `pid`'s process tree every `intervalMs` (default 100 ms). */
export function watchProcessTree(pid: number, intervalMs = 100): TreeWatch {
  const cpu = new Map<number, number>();
  const peak = new Map<number, {kb: number; command: string}>();
  let treeKb = 0;
  const read = () => {
    let sum = 0;
    for (const p of descendants(pid)) {
      sum += statusKb(p, "VmRSS") ?? 0;
      const seconds = cpuSeconds(p);
      if (seconds !== null) cpu.set(p, seconds);
      const kb = peakRssKb(p);
      if (kb !== null && kb > (peak.get(p)?.kb ?? -1)) peak.set(p, {kb, command: peak.get(p)?.command || commandLine(p)});
    }
    treeKb = Math.max(treeKb, sum);
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop() {
      read();
      clearInterval(timer);
      const available = existsSync("/proc/self/status");
      const largest = [...peak.values()].reduce<{kb: number; command: string} | null>((a, b) => (a === null || b.kb > a.kb ? b : a), null);
      return {
        cpuSeconds: available ? [...cpu.values()].reduce((a, b) => a + b, 0) : Number.NaN,
        peakRssMb: available && largest ? largest.kb / 1024 : Number.NaN,
        treePeakRssMb: available ? treeKb / 1024 : Number.NaN,
        peakCommand: largest?.command ?? "",
        processes: Math.max(cpu.size, peak.size)
      };
    }
  };
}

/** The process and all its descendants (Linux /proc/<pid>/task/<pid>/children). */
export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or no /proc
  }
  return [pid, ...children.flatMap(descendants)];
}

/** utime + stime of a live process, from /proc/<pid>/stat (fields 14 and 15, clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** VmHWM (peak resident set) of a live process in KiB, from /proc/<pid>/status. */
export function peakRssKb(pid: number): number | null {
  return statusKb(pid, "VmHWM");
}

/** A KiB field (VmRSS, VmHWM) of a live process's /proc/<pid>/status; null when it is gone. */
function statusKb(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** A process's command line, arguments joined by spaces, node_modules paths and long tails cut. */
function commandLine(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const text = args.map((a) => a.replace(/^.*\/node_modules\//, "").replace(/^.*\/(bin|loaders|src|scripts)\//, "$1/")).join(" ");
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return "";
  }
}
