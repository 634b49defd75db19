import {readFileSync} from "node:fs";
import {propertyOf} from "./narrow.ts";

/** The engine version recorded with every output (package.json "version"). */
export const ENGINE_VERSION = String(propertyOf(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")), "version"));
