import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { CatalogProblem, ProblemSeverity } from '../core/catalogProblem';

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Publishes catalog problems as diagnostics, sending only the files whose problems changed. */
export class DiagnosticsPublisher {
  private readonly published = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  publish(problems: ReadonlyMap<string, readonly CatalogProblem[]>): void {
    const seen = new Set<string>();
    for (const [file, list] of problems) {
      const uri = URI.file(file).toString();
      seen.add(uri);
      const diagnostics = list.map(toDiagnostic);
      const fingerprint = JSON.stringify(diagnostics);
      if (this.published.get(uri) === fingerprint) continue;
      this.published.set(uri, fingerprint);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of [...this.published.keys()]) {
      if (seen.has(uri)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}

function toDiagnostic(problem: CatalogProblem): Diagnostic {
  return { range: problem.range, severity: SEVERITY[problem.severity], code: problem.code, source: 'greenroom', message: problem.message };
}
