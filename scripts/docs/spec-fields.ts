import {fileURLToPath} from "node:url";
import ts from "typescript";
import {normalizeRunConfig, normalizeSpec, normalizeTextRunConfig, optimizers} from "../../loaders/index.ts";
import {normalizeImportSpec} from "../../loaders/run/spec/import-spec.ts";

/*
 * The spec reference, generated from the code: which fields each section accepts comes from the
 * validators themselves (each is handed an unknown field and its error lists the valid ones), what
 * a field means from the JSDoc line of the same field in the TypeScript type the validator returns.
 */

/** One section of a spec: where it sits, the fields its validator accepts, and the type that documents them. */
export interface SpecSection {
  /** e.g. "base.world (pool)" */
  readonly title: string;
  /** the file and exported type whose JSDoc documents the fields */
  readonly file: string;
  readonly type: string;
  /** the fields the validator accepts, in its order */
  readonly fields: readonly string[];
}

export interface SpecField {
  readonly name: string;
  /** the field's JSDoc line(s), "" when it has none */
  readonly doc: string;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The valid fields a validator lists when handed an unknown one. */
function accepted(section: string, validate: () => unknown): string[] {
  try {
    validate();
  } catch (error) {
    const match = /\(valid fields: ([^)]*)\)$/.exec((error as Error).message);
    if (match) return match[1]!.split(", ");
    throw new Error(`${section}: the validator's error lists no valid fields: ${(error as Error).message}`);
  }
  throw new Error(`${section}: the validator accepted an unknown field`);
}

const probe = {__unknown_field__: 1};

/** Every section of the three spec kinds, with the fields their validators accept. */
export function specSections(): SpecSection[] {
  const s = (title: string, file: string, type: string, validate: () => unknown): SpecSection => ({title, file, type, fields: accepted(title, validate)});
  const pool = (section: string, type: string, file = "loaders/run/kinds/pool/config.ts") => s(`base.${section} (pool)`, file, type, () => normalizeRunConfig({[section]: probe}));
  const text = (section: string, type: string, file = "loaders/run/kinds/text/config.ts") => s(`base.${section} (text)`, file, type, () => normalizeTextRunConfig({[section]: probe}));
  const optimizer = (name: string, type: string, file: string) => s(`base.optimizer, name "${name}"`, file, type, () => normalizeRunConfig({optimizer: {name, ...probe}}));
  const names = Object.keys(optimizers);
  const sections = [
    s("spec (top level)", "loaders/run/spec/spec.ts", "ExperimentSpec", () => normalizeSpec({name: "reference", ...probe})),
    s("sweeps[]", "loaders/run/spec/spec.ts", "Sweep", () => normalizeSpec({name: "reference", sweeps: [{name: "s", ...probe}]})),
    pool("world", "WorldOptions", "loaders/worlds/feature-world.ts"),
    pool("preferences", "PreferenceOptions", "loaders/reward/preferences.ts"),
    pool("reward_model", "RewardModelConfig"),
    pool("ensemble", "EnsembleOptions", "loaders/reward/ensemble.ts"),
    pool("objective", "ObjectiveConfig", "loaders/reward/objectives.ts"),
    optimizer("best_of_n", "BestOfNOptions", "loaders/optimize/registry.ts"),
    optimizer("kl_tilt", "KlTiltOptions", "loaders/optimize/registry.ts"),
    optimizer("rloo", "RlooOptions", "loaders/optimize/rloo.ts"),
    optimizer("ppo", "PpoOptions", "loaders/optimize/ppo.ts"),
    pool("samples", "SamplesConfig"),
    text("world", "TextWorldConfig"),
    text("policy", "LmConfig", "loaders/policy/lm/config.ts"),
    text("sft", "SftConfig"),
    text("reward", "TextRewardConfig"),
    text("evaluation", "TextEvaluationConfig"),
    text("samples", "TextSamplesConfig"),
    s("import spec (kind \"import\")", "loaders/run/spec/import-spec.ts", "ImportSpec", () => normalizeImportSpec({kind: "import", name: "reference", logs: "data/logs/", ...probe}))
  ];
  const covered = new Set(sections.map((x) => x.title));
  for (const name of names) if (![...covered].some((t) => t.includes(`"${name}"`))) throw new Error(`optimizer "${name}" is registered but has no section in scripts/docs/spec-fields.ts: add it`);
  return sections;
}

/** The JSDoc of each property of the exported interfaces named, by "file#Type", read with the TypeScript compiler. */
export function fieldDocs(sections: readonly SpecSection[]): Map<string, Map<string, string>> {
  const files = [...new Set(sections.map((x) => `${root}${x.file}`))];
  const program = ts.createProgram(files, {allowImportingTsExtensions: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true});
  const checker = program.getTypeChecker();
  const out = new Map<string, Map<string, string>>();
  for (const {file, type} of sections) {
    const key = `${file}#${type}`;
    if (out.has(key)) continue;
    const source = program.getSourceFile(`${root}${file}`);
    const symbol = source && checker.getSymbolAtLocation(source) ? checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((e) => e.name === type) : undefined;
    if (symbol === undefined) throw new Error(`${file} exports no ${type} (scripts/docs/spec-fields.ts names it)`);
    const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const docs = new Map<string, string>();
    const declared = checker.getDeclaredTypeOfSymbol(resolved);
    // A union (RewardModelConfig) documents the fields of each of its members.
    for (const member of declared.isUnion() ? declared.types : [declared]) {
      for (const property of member.getProperties()) {
        const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
        if (doc !== "" || !docs.has(property.name)) docs.set(property.name, doc);
      }
    }
    out.set(key, docs);
  }
  return out;
}

/** Each section's accepted fields with their documentation ("" where the type has none). */
export function specReference(): {section: SpecSection; fields: SpecField[]}[] {
  const sections = specSections();
  const docs = fieldDocs(sections);
  return sections.map((section) => ({section, fields: section.fields.map((name) => ({name, doc: docs.get(`${section.file}#${section.type}`)?.get(name) ?? ""}))}));
}

/** The reference as Markdown: one table per section. */
export function specReferenceMarkdown(): string {
  const lines: string[] = [];
  for (const {section, fields} of specReference()) {
    lines.push(`### ${section.title}`, "", `Validated in \`${section.file}\`; documented by \`${section.type}\`.`, "", "| field | meaning |", "|---|---|");
    for (const f of fields) lines.push(`| \`${f.name}\` | ${(f.doc || "**undocumented**").replaceAll("|", "\\|")} |`);
    lines.push("");
  }
  return lines.join("\n");
}
