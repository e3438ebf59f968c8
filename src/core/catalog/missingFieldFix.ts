import type { ProblemFix } from './catalogProblem';
import type { ValidationFailure } from './entityValidation';
import type { YamlDocument } from '../language/yamlDocuments';

/** Placeholders a person then edits: Backstage's most common value where there is one. */
const PLACEHOLDERS: Record<string, string> = { lifecycle: 'experimental', type: 'service', owner: 'TODO-owner', definition: "'TODO: API definition'" };

/**
 * For Backstage's "must have required property 'x'" on a block map, the edit that adds `x:` as
 * that map's first key, at its indentation, with a placeholder value.
 */
export function missingFieldFix(document: YamlDocument, failure: ValidationFailure): ProblemFix | undefined {
  const missing = /must have required property '([\w.-]+)'/.exec(failure.reason)?.[1];
  if (!missing || failure.path.length === 0) return undefined;
  const parent = document.rangeOf(failure.path);
  const key = document.keyRangeOf(failure.path);
  // Only a block map below its key: its first entry's column is the indentation to use.
  if (!parent || !key || parent.start.line === key.start.line) return undefined;
  const indent = ' '.repeat(parent.start.character);
  return {
    title: `Add the required field '${missing}'`,
    range: { start: parent.start, end: parent.start },
    newText: `${missing}: ${PLACEHOLDERS[missing] ?? "''"}\n${indent}`,
  };
}
