import type { ValidationReport } from '../report';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands: each problem an annotation on its line of the pull request. */
export function githubReport(report: ValidationReport): string {
  return report.problems
    .map((problem) => {
      const properties = [`file=${property(problem.file)}`, `line=${problem.line}`, `col=${problem.column}`, `endLine=${problem.endLine}`, `endColumn=${problem.endColumn}`, `title=${property(`Greenroom ${problem.code}`)}`];
      return `::${COMMAND[problem.severity]} ${properties.join(',')}::${data(problem.message)}\n`;
    })
    .join('');
}

// Escaping as the Actions toolkit does, so that a message cannot end its command or start another.
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
