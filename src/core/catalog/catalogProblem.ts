import type { TextRange } from './textRange';

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** Something wrong with catalog input, anchored to the place a person has to fix it. */
export interface CatalogProblem {
  /** Absolute path of the file the problem is in. */
  path: string;
  range: TextRange;
  severity: ProblemSeverity;
  message: string;
  /** Stable identifier of the rule, shown as the diagnostic's code. */
  code: ProblemCode;
  /** Edits that fix it, when the fix is clear: offered as quick fixes. */
  fixes?: ProblemFix[];
}

export interface ProblemFix {
  title: string;
  range: TextRange;
  newText: string;
}

export type ProblemCode =
  | 'yaml-syntax'
  | 'not-an-entity'
  | 'entity-invalid'
  | 'entity-unreadable'
  | 'unknown-kind'
  | 'duplicate-entity'
  | 'differs-from-backstage'
  | 'backstage-processing-error'
  | 'backstage-location-error'
  | 'backstage-rejects'
  | 'unresolved-ref'
  | 'ref-case'
  | 'template-duplicate-step'
  | 'template-unknown-action'
  | 'template-unknown-parameter'
  | 'template-unknown-step'
  | 'template-unknown-step-output'
  | 'template-unused-parameter'
  | 'template-value-not-passed'
  | 'template-value-unused'
  | 'location-missing-target'
  | 'location-failed'
  | 'location-cycle'
  | 'location-remote-target'
  | 'location-invalid-target'
  | 'location-outside-workspace'
  | 'location-too-many-files'
  | 'placeholder-unresolved'
  | 'placeholder-remote'
  | 'file-unreadable'
  | 'file-too-large'
  | 'organisation-rule'
  | 'rules-file-invalid'
  | 'docs-site-missing'
  | 'docs-config-invalid'
  | 'docs-missing-page'
  | 'docs-broken-link';
