import {readFileSync} from "node:fs";
import ts from "typescript";

/*
 * Type assertions in a module: every `x as T` and `<T>x` node, except `as const` (which widens
 * nothing). Counted on the syntax tree, so casts inside strings and comments do not count.
 */

/** Number of type assertions (not `as const`) in TypeScript source `text`. */
export function countCasts(text: string, fileName = "module.ts"): number {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  let count = 0;
  const visit = (node: ts.Node): void => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isConst(node.type)) count++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}

function isConst(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "const";
}

/** Casts per file (only files with at least one), for paths read from disk. */
export function castsByFile(paths: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const n = countCasts(readFileSync(path, "utf8"), path);
    if (n > 0) counts.set(path, n);
  }
  return counts;
}
