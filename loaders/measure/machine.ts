import {availableParallelism, cpus, totalmem} from "node:os";
import {tf} from "../tf.ts";
import {ENGINE_VERSION} from "../version.ts";

/** Facts about the machine and software that built the report (columns of the environment table). */
export type MachineInfo = {
  node_version: string;
  engine_version: string;
  tfjs_version: string;
  platform: string;
  cpu_model: string;
  cores: number;
  memory_gb: number;
};

export function machineInfo(): MachineInfo {
  return {
    node_version: process.versions.node,
    engine_version: ENGINE_VERSION,
    tfjs_version: tf.version_core,
    platform: `${process.platform}-${process.arch}`,
    cpu_model: cpus()[0]?.model.trim() || "unknown",
    cores: availableParallelism(),
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10
  };
}
