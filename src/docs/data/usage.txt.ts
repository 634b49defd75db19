// `goodhart --help`, for the Command line page: the CLI's own text, so the page cannot drift from it.
import {main} from "../../../loaders/cli.ts";

process.exitCode = await main(["--help"]);
