/**
 * The command line's options, parsed with node:util's parseArgs. A bad option is one line that
 * names it (UsageError), never the whole help text nor parseArgs' own three-line advice.
 */
import {parseArgs} from "node:util";
import {closest} from "../spec-validators.ts";
import {codeOf, messageOf} from "../narrow.ts";

export const options = {
  out: {type: "string"},
  backend: {type: "string"},
  workers: {type: "string"},
  seeds: {type: "string"},
  against: {type: "string"},
  cache: {type: "string"},
  "no-cache": {type: "boolean"},
  "no-timings": {type: "boolean"},
  format: {type: "string"},
  samples: {type: "string", multiple: true},
  stop: {type: "string", multiple: true},
  map: {type: "string"},
  group: {type: "string"},
  step: {type: "string"},
  proxy: {type: "string"},
  gold: {type: "string"},
  kl: {type: "string"},
  "kl-estimator": {type: "string"},
  strict: {type: "boolean"},
  record: {type: "boolean"},
  name: {type: "string"},
  shard: {type: "string"},
  help: {type: "boolean", short: "h"},
  version: {type: "boolean"}
} as const;

type Options = typeof options;
/** The parsed option values: strings and booleans, each undefined when not given. */
export type Values = {[K in keyof Options]?: Options[K] extends {multiple: true} ? string[] : Options[K]["type"] extends "string" ? string : boolean};

/** Bad command-line input: an unknown option, a missing or bad value. Exit status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses the arguments; throws a UsageError of one line for an unknown option or a missing value. */
export function parseCommandLine(argv: readonly string[]): {values: Values; positionals: string[]} {
  try {
    const {values, positionals} = parseArgs({args: joinNegativeValues(argv), allowPositionals: true, options});
    return {values, positionals};
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** `--workers -1` -> `--workers=-1`: the value reaches its own check ("invalid --workers: -1") instead of reading as an option. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const next = argv[i + 1];
    if (isOption(name) && options[name].type === "string" && next !== undefined && /^-\d/.test(next)) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** Whether `name` is one of the options (own keys only, never Object.prototype's). */
const isOption = (name: string): name is keyof Options => Object.hasOwn(options, name);

function describeParseError(error: unknown): string {
  const message = messageOf(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (!flag) return message.split("\n")[0];
  const name = flag.replace(/^-+/, "");
  if (codeOf(error) === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const guess = closest(name, Object.keys(options));
    return `unknown option ${flag}${guess ? ` (did you mean --${guess}?)` : ""}`;
  }
  if (codeOf(error) === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (isOption(name) && options[name].type === "boolean") return `${flag} takes no value`;
    return `missing value for ${flag} (a value that starts with "-" is written ${flag}=<value>)`;
  }
  return message.split("\n")[0];
}
