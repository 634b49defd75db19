import {table} from "./spec.ts";

/*
 * The reseeding check's record (`goodhart reseed-check <spec> --record` writes data/reseed/<experiment>.json),
 * as the page loaders read it: one row per finding both seed sets state. The build never reruns the check.
 */

export const reseed = table("reseed", "One row per finding of the last recorded reseeding check (data/reseed/<experiment>.json, written by goodhart reseed-check --record): its verdict on the other seed set and whether it reversed. Empty when the experiment has no record.", [
  {name: "finding_id", type: "utf8", doc: "the finding's id (findings.finding_id), the same on both seed sets"},
  {name: "claim", type: "utf8", doc: "the claim as a sentence, as findings.claim"},
  {name: "role", type: "utf8", doc: "primary or exploratory, as findings.role (records made before roles existed: exploratory)"},
  {name: "current", type: "bool", doc: "whether this build's finding on the same seeds has the record's verdict and effect; false when the record predates a change of engine, spec or seeds (rerun goodhart reseed-check --record)"},
  {name: "reversed", type: "bool", doc: "whether the finding reversed: one seed set states a direction (holds or reversed) and the other the opposite direction, or an estimate of the opposite sign (not_tested never reverses; only a primary's reversal fails the check)"},
  {name: "seeds", type: "utf8", doc: "the first seed set, e.g. 1-10 (the spec's seeds unless the check ran with --seeds)"},
  {name: "verdict", type: "utf8", doc: "the verdict on the first seed set"},
  {name: "effect", type: "float64", nullable: true, unit: "as findings.effect", doc: "the effect on the first seed set (null when no seed measured it)"},
  {name: "lower", type: "float64", nullable: true, unit: "as findings.effect", doc: "lower bound of its sign-test interval (as findings.lower; null when not_tested)"},
  {name: "upper", type: "float64", nullable: true, unit: "as findings.effect", doc: "upper bound of that interval"},
  {name: "interval_level", type: "float64", doc: "coverage of that interval (as findings.interval_level)"},
  {name: "seeds_supporting", type: "int32", doc: "seeds of the first set whose own effect is > 0"},
  {name: "seeds_total", type: "int32", doc: "seeds of the first set behind the effect"},
  {name: "other_seeds", type: "utf8", doc: "the disjoint seed set it was compared with, e.g. 11-20"},
  {name: "other_verdict", type: "utf8", doc: "the verdict on the other seed set"},
  {name: "other_effect", type: "float64", nullable: true, unit: "as findings.effect", doc: "the effect on the other seed set (null when no seed measured it)"},
  {name: "other_lower", type: "float64", nullable: true, unit: "as findings.effect", doc: "lower bound of its sign-test interval (as findings.lower; null when not_tested)"},
  {name: "other_upper", type: "float64", nullable: true, unit: "as findings.effect", doc: "upper bound of that interval"},
  {name: "other_interval_level", type: "float64", doc: "coverage of that interval"},
  {name: "other_seeds_supporting", type: "int32", doc: "seeds of the other set whose own effect is > 0"},
  {name: "other_seeds_total", type: "int32", doc: "seeds of the other set behind the effect"},
  {name: "checked", type: "utf8", doc: "when the check ran (ISO 8601 date)"},
  {name: "engine_version", type: "utf8", doc: "goodhart version that ran the check"},
  {name: "spec_path", type: "utf8", nullable: true, doc: "the spec the primary claims were declared in, as the check was given it (null: a record made before specs were recorded)"},
  {name: "spec_sha256", type: "utf8", nullable: true, doc: "sha256 of that spec's bytes when the check ran: the declaration the record tested"},
  {name: "spec_current", type: "bool", nullable: true, doc: "whether the spec's bytes at build time still have that hash (false: the spec changed after the record; rerun goodhart reseed-check --record)"}
]);
