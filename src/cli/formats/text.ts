import { styleText } from 'node:util';
import { countBySeverity, type ValidationReport } from '../report';

type Style = Parameters<typeof styleText>[0];

/** Like a compiler's: `file:line:col severity message [code]`, then a summary line. */
export function textReport(report: ValidationReport, colour: boolean): string {
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  const severityStyle: Record<string, Style> = { error: 'red', warning: 'yellow', info: 'blue' };
  const lines = report.problems.map(
    (problem) => `${paint('bold', `${plain(problem.file)}:${problem.line}:${problem.column}`)} ${paint(severityStyle[problem.severity], problem.severity)} ${plain(problem.message)} ${paint('dim', `[${problem.code}]`)}`,
  );
  const counts = countBySeverity(report.problems);
  const rejected = report.entities.filter((entity) => !entity.accepted).length;
  const found = `${plural(report.entities.length, 'entity', 'entities')} in ${plural(report.files, 'file')}${rejected ? `, ${rejected} Backstage would not ingest` : ''}`;
  const summary =
    report.problems.length === 0
      ? paint('green', `No problems: ${found}.`)
      : `${paint(counts.error ? 'red' : 'yellow', plural(report.problems.length, 'problem'))} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info): ${found}.`;
  return [...lines, ...(lines.length ? [''] : []), summary, ''].join('\n');
}

/** Catalog text without control characters: a YAML string cannot move the cursor or recolour a terminal. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
