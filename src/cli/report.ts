import type { ProblemCode, ProblemSeverity } from '../core/catalog/catalogProblem';

/**
 * Whose verdict a problem is: the organisation's rules; otherwise an error is what Backstage would
 * refuse to ingest, and warnings and information are Greenroom's advice.
 */
export type ProblemSource = 'backstage' | 'greenroom' | 'organisation';

/** One problem, at a 1-based line and column, in a file named relative to the folder validated. */
export interface ReportedProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: ProblemSeverity;
  code: ProblemCode;
  message: string;
  source: ProblemSource;
}

export interface ReportedEntity {
  ref: string;
  kind: string;
  file: string;
  line: number;
  /** Whether Backstage would ingest it: it passes Backstage's checks and every Location on its way does. */
  accepted: boolean;
}

/** What `greenroom validate` found: the input of every output format. */
export interface ValidationReport {
  /** Absolute path of the folder files are named relative to. */
  root: string;
  files: number;
  entities: ReportedEntity[];
  problems: ReportedProblem[];
}

export function countBySeverity(problems: readonly ReportedProblem[]): Record<ProblemSeverity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const problem of problems) counts[problem.severity]++;
  return counts;
}
