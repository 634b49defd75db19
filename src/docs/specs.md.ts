// The Specs page: the prose of scripts/docs/specs-prose.md, then the reference of every field,
// generated from the validators and the JSDoc of the types they return (scripts/docs/spec-fields.ts).
import {readFileSync} from "node:fs";
import {specReferenceMarkdown} from "../../scripts/docs/spec-fields.ts";

const prose = readFileSync(new URL("../../scripts/docs/specs-prose.md", import.meta.url), "utf8");
process.stdout.write(`---
title: Specs
---

${prose.trim()}

## Every field

Generated from the code at build time: the fields each section accepts are those its validator
accepts (handed an unknown field, it lists the valid ones), and each meaning is the JSDoc line of
that field in the type the validator returns. A test fails when a field has none.

${specReferenceMarkdown()}`);
