import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { CatalogProblem, ProblemFix, ProblemSeverity } from '../core/catalogProblem';

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
  const diagnostic: Diagnostic = { range: problem.range, severity: SEVERITY[problem.severity], code: problem.code, source: 'greenroom', message: problem.message };
  // The fixes travel with the diagnostic, so a code action request needs no second look-up.
  if (problem.fixes?.length) diagnostic.data = { fixes: problem.fixes };
  return diagnostic;
}

/** Quick fixes for the diagnostics a code-action request names. */
export function quickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const fixes = (diagnostic.data as { fixes?: ProblemFix[] } | undefined)?.fixes ?? [];
    return fixes.map((fix, index) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: index === 0 && fixes.length === 1,
      edit: { changes: { [uri]: [{ range: fix.range, newText: fix.newText }] } },
    }));
  });
}
