import type { ProblemCode } from '../core/catalogProblem';

/** What each problem code means, in a line: the help of a SARIF rule and of `greenroom validate --help`. */
export const PROBLEM_CODES: Record<ProblemCode, string> = {
  'yaml-syntax': 'The file is not valid YAML; Backstage cannot read it.',
  'not-an-entity': 'A document that is not a Backstage entity (no apiVersion and kind).',
  'entity-invalid': "Backstage's validation rejects the entity.",
  'entity-unreadable': 'The entity could not be read as an object.',
  'unknown-kind': 'No Backstage processor recognizes the kind.',
  'duplicate-entity': 'Another entity has the same kind, namespace and name; Backstage keeps only one.',
  'differs-from-backstage': "The workspace copy differs from the entity Backstage serves: the file is not ingested yet.",
  'unresolved-ref': "A ref names an entity the catalog does not have (Greenroom's advice).",
  'ref-case': "A ref differs in letter case from the entity it names (Greenroom's advice).",
  'template-duplicate-step': "Two steps of a Template share an id (Greenroom's advice).",
  'template-unknown-action': "A step uses an action the scaffolder does not know (Greenroom's advice).",
  'template-unknown-parameter': "An expression uses a parameter the Template does not define (Greenroom's advice).",
  'template-unknown-step': "An expression uses the output of a step that does not exist (Greenroom's advice).",
  'location-missing-target': 'A Location target names a file that does not exist.',
  'location-failed': 'One of the Location\u2019s targets fails, so Backstage does not ingest what it names.',
  'location-cycle': 'A Location target leads back to a file already being read.',
  'location-remote-target': 'A Location target is a URL, read by Backstage and not here.',
  'location-invalid-target': 'A Location target could not be followed.',
  'location-outside-workspace': 'A Location target or placeholder leads outside the folder; nothing is read.',
  'location-too-many-files': 'A Location glob matches more files than are read.',
  'placeholder-unresolved': 'A $text, $json or $yaml placeholder could not be resolved.',
  'placeholder-remote': 'A placeholder names a URL, resolved by Backstage and not here.',
  'file-unreadable': 'The file could not be read.',
  'file-too-large': 'The file is over the size limit and is not read.',
};
