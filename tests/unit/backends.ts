// The backends the engine's determinism and numerics tests run on: tensorflow when it loads here,
// wasm always. A backend that does not load is reported as a skipped test with the reason, unless
// GOODHART_REQUIRE_TENSORFLOW=1 (CI sets it where a C++ toolchain is present): then its tests fail.
import {before, describe} from "node:test";
import {selectBackend} from "../../loaders/backend/backend.ts";
import {BackendError} from "../../loaders/backend/backend.ts";
import type {BackendName} from "../../loaders/backend/backend.ts";

export interface TestBackend {
  name: BackendName;
  /** false when it loads; else the reason, shown as the tests' skip message */
  skip: string | false;
}

/** tensorflow (libtensorflow through tfjs-node) and wasm, each with whether it loads in this process. */
export async function testBackends(): Promise<TestBackend[]> {
  const backends: TestBackend[] = [];
  for (const name of ["tensorflow", "wasm"] as const) {
    try {
      await selectBackend({flag: name, log: null});
      backends.push({name, skip: false});
    } catch (error) {
      const reason = error instanceof BackendError ? error.reason : String(error);
      const required = name === "tensorflow" && process.env.GOODHART_REQUIRE_TENSORFLOW === "1";
      backends.push({name, skip: required ? false : `${name} does not load here: ${reason} (npm run setup builds it)`});
    }
  }
  return backends;
}

const available = await testBackends();

/** `describe(name)` once per backend, with that backend selected before its tests run. */
export function describeEachBackend(name: string, fn: (backend: BackendName) => void): void {
  for (const {name: backend, skip} of available) {
    describe(`${name} [${backend}]`, {skip}, () => {
      before(() => selectBackend({flag: backend, log: null}));
      fn(backend);
    });
  }
}

export {available as backends};
