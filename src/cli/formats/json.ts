import { countBySeverity, type ValidationReport } from '../report';

/** Every entity found and every problem, for scripts; paths relative to the folder validated. */
export function jsonReport(report: ValidationReport): string {
  const { error, warning, info } = countBySeverity(report.problems);
  const summary = { files: report.files, entities: report.entities.length, rejected: report.entities.filter((entity) => !entity.accepted).length, errors: error, warnings: warning, info };
  return `${JSON.stringify({ summary, entities: report.entities, problems: report.problems }, null, 2)}\n`;
}
