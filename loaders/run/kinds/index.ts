/**
 * Every world kind a spec can name ("kind"), each a folder implementing WorldKind (kind.ts). To add
 * one, write its folder (config, stages, execute, and the WorldKind object) and register it here.
 */
import type {KindPlan, WorldKind} from "./kind.ts";
import {poolKind} from "./pool/index.ts";
import type {RunConfig} from "./pool/config.ts";
import {textKind} from "./text/index.ts";
import type {TextRunConfig} from "./text/config.ts";

/** The resolved run config of each kind. */
interface KindConfigs {
  pool: RunConfig;
  text: TextRunConfig;
}

export type KindName = keyof KindConfigs;

export const worldKinds: {readonly [K in KindName]: WorldKind<KindConfigs[K]>} = {pool: poolKind, text: textKind};

export function isKindName(value: unknown): value is KindName {
  return typeof value === "string" && Object.hasOwn(worldKinds, value);
}

/** A run of one kind (by default: of any kind, told apart by `kind`). */
export type RunPlan<K extends KindName = KindName> = {[k in K]: KindPlan<KindConfigs[k], k>}[K];

/** The world kind a plan (or a spec) names. */
export function kindOf<K extends KindName>(kind: K): WorldKind<KindConfigs[K]> {
  return worldKinds[kind];
}

export function isTextPlan(plan: RunPlan): plan is RunPlan<"text"> {
  return plan.kind === "text";
}
