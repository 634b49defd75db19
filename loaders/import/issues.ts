/**
 * What importing a log found, line by line. A `problem` loses or guesses data (a row or value
 * skipped, a duplicated step resolved, a truncated file): `--strict` fails on the first one. A
 * `note` is the log's normal structure (eval rows, the summary row, a negative sampled KL) and
 * never fails.
 */
export interface Issue {
  /** 1-based line in the file (0: the file as a whole) */
  readonly line: number;
  /** problem or note */
  readonly severity: "problem" | "note";
  /** a stable tag that reports group by, e.g. "non_finite", "duplicate_step" */
  readonly code: string;
  /** one sentence: what was found and what was done */
  readonly reason: string;
}

/** Thrown for a log that cannot be read at all, or by --strict at the first problem. */
export class ImportError extends Error {
  constructor(message: string, readonly line = 0) {
    super(message);
  }
}

/** Collects issues; in strict mode throws at the first problem. */
export class IssueLog {
  readonly issues: Issue[] = [];
  constructor(readonly source: string, readonly strict = false) {}

  problem(line: number, code: string, reason: string): void {
    if (this.strict) throw new ImportError(`${this.source}${line ? `:${line}` : ""}: ${reason} (--strict stops at the first problem)`, line);
    this.issues.push({line, severity: "problem", code, reason});
  }

  note(line: number, code: string, reason: string): void {
    this.issues.push({line, severity: "note", code, reason});
  }
}
