import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { ProblemCode } from '../../core/catalog/catalogProblem';
import { PROBLEM_CODES } from '../problemCodes';
import type { ValidationReport } from '../report';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * SARIF 2.1.0, as GitHub code scanning takes it: one rule per problem code, locations relative to
 * the repository root (%SRCROOT%), and a fingerprint that survives lines moving above the problem.
 */
export function sarifReport(report: ValidationReport, version: string): string {
  const codes = [...new Set(report.problems.map((problem) => problem.code))].sort();
  const rules = codes.map((code) => ({
    id: code,
    name: ruleName(code),
    shortDescription: { text: PROBLEM_CODES[code] },
    help: { text: PROBLEM_CODES[code] },
    properties: { tags: ['backstage', 'catalog'] },
  }));
  const results = report.problems.map((problem) => ({
    ruleId: problem.code,
    ruleIndex: codes.indexOf(problem.code),
    level: LEVEL[problem.severity],
    message: { text: problem.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(problem.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: problem.line, startColumn: problem.column, endLine: problem.endLine, endColumn: problem.endColumn },
        },
      },
    ],
    partialFingerprints: { 'greenroomProblem/v1': createHash('sha256').update(`${problem.code}\0${problem.file}\0${problem.message}`).digest('hex') },
    properties: { source: problem.source },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Greenroom', semanticVersion: version, version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(report.root).href}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `unresolved-ref` → `UnresolvedRef`: SARIF's rule names are identifiers. */
function ruleName(code: ProblemCode): string {
  return code.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
