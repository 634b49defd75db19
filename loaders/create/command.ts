import {parseArgs} from "node:util";
import {messageOf} from "../narrow.ts";

export const reportUsage = `  goodhart create <dir> [--import-only | --demo] [--goodhart <spec>]
                                                    scaffold a new report in <dir>: a small experiment spec, its
                                                    loader, a page, README, .ci/run (--import-only: a folder of
                                                    logs and their loader instead; --demo: goodhart's full demo
                                                    report, every page, loader and spec; --goodhart: the
                                                    dependency to write, e.g. file:goodhart-0.2.0.tgz; default
                                                    ^<version>)
  goodhart build [observable build options]         in a report's folder: build the site offline into dist/ and check it
  goodhart preview [observable preview options]     in a report's folder: serve the site with live reload`;

/** The report commands (create, build, preview); resolves to the exit status. */
export async function reportCommand(command: "create" | "build" | "preview", argv: readonly string[]): Promise<number> {
  // Loaded on demand: the build pulls in esbuild, which no other command needs.
  if (command === "build") return (await import("./build.ts")).buildReport(process.cwd(), argv);
  if (command === "preview") return (await import("./build.ts")).previewReport(process.cwd(), argv);
  let parsed;
  try {
    parsed = parseArgs({args: [...argv], allowPositionals: true, options: {"import-only": {type: "boolean"}, demo: {type: "boolean"}, goodhart: {type: "string"}}});
  } catch (error) {
    return fail(`${messageOf(error)}\n\n${reportUsage}`);
  }
  const {values, positionals} = parsed;
  if (positionals.length !== 1) return fail(`goodhart create takes one folder, got ${positionals.length} (e.g. goodhart create my-report)`);
  if (values["import-only"] && values.demo) return fail("goodhart create: --import-only and --demo exclude each other (pick one starting point)");
  try {
    const {createReport} = await import("./create.ts");
    await createReport(positionals[0]!, {template: values.demo ? "demo" : values["import-only"] ? "import" : "starter", ...(values.goodhart !== undefined && {goodhart: values.goodhart})});
    return 0;
  } catch (error) {
    return fail(messageOf(error));
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
