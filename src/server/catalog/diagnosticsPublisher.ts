import { createHash } from 'node:crypto';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { CatalogProblem, ProblemFix, ProblemSeverity } from '../../core/catalog/catalogProblem';

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Diagnostics sent per turn of the event loop: a load of thousands of files never holds back a request's answer. */
const SENT_PER_TURN = 200;

/**
 * Publishes catalog problems as diagnostics, sending only the files whose problems changed. The catalog
 * hands back the same list for a file it did not touch, so most files are skipped without a look.
 * Sending goes a few hundred files at a time, answers to requests in between; a file published
 * again before its turn is sent once, with its latest problems.
 */
export class DiagnosticsPublisher {
  /** Per file, the problems last published and a digest of their diagnostics as sent (the diagnostics' JSON itself, kept, came to some 100 bytes an entity). */
  private readonly published = new Map<string, { list: readonly CatalogProblem[]; fingerprint: string }>();
  private readonly unsent = new Map<string, Diagnostic[]>();

  constructor(private readonly connection: Connection) {}

  /** Publishes what changed; `changed` names the files whose problems may differ from the last call's (undefined: any file). */
  publish(problems: ReadonlyMap<string, readonly CatalogProblem[]>, changed?: Iterable<string>): void {
    for (const file of changed ?? problems.keys()) {
      const list = problems.get(file);
      const before = this.published.get(file);
      if (!list) {
        if (!before) continue;
        this.published.delete(file);
        this.send(file, []);
        continue;
      }
      if (before?.list === list) continue;
      const diagnostics = list.map(toDiagnostic);
      const fingerprint = createHash('sha256').update(JSON.stringify(diagnostics)).digest('base64');
      this.published.set(file, { list, fingerprint });
      if (before?.fingerprint === fingerprint || (!before && diagnostics.length === 0)) continue;
      this.send(file, diagnostics);
    }
    if (changed) return;
    for (const file of [...this.published.keys()]) {
      if (problems.has(file)) continue;
      this.published.delete(file);
      this.send(file, []);
    }
  }

  private send(file: string, diagnostics: Diagnostic[]): void {
    if (this.unsent.size === 0) setImmediate(() => this.sendSome());
    // Moved to the end: files go out in the order of their latest change.
    this.unsent.delete(file);
    this.unsent.set(file, diagnostics);
  }

  private sendSome(): void {
    let sent = 0;
    for (const [file, diagnostics] of this.unsent) {
      if (sent++ === SENT_PER_TURN) break;
      this.unsent.delete(file);
      void this.connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics });
    }
    if (this.unsent.size > 0) setImmediate(() => this.sendSome());
  }
}

function toDiagnostic(problem: CatalogProblem): Diagnostic {
  const diagnostic: Diagnostic = { range: problem.range, severity: SEVERITY[problem.severity], code: problem.code, source: problem.code.startsWith('backstage-') ? 'backstage' : 'greenroom', message: problem.message };
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
