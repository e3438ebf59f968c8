import type { RunTemplateResult } from '../../protocol/catalogProtocol';
import { host } from './hostBridge';

/** A run's outcome: the files (written, or that a dry run would write) with previews, the output, the log. */
export function RunResultView({ log, result }: { log: string[]; result?: { dryRun: boolean; result: RunTemplateResult } }) {
  if (!result && log.length === 0) return null;
  const outcome = result?.result;
  return (
    <div className="result">
      {outcome && !outcome.ok ? (
        <p className="field-error" role="alert">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.ok ? <h3>{result?.dryRun ? `A run would write ${outcome.files.length} file(s)` : `Created ${outcome.written.length} file(s)`}</h3> : null}
      {outcome?.ok && outcome.output.links.length + outcome.output.text.length > 0 ? (
        <div className="output">
          {outcome.output.links.map((link) => (
            <button
              key={link.title + (link.url ?? link.entityRef ?? '')}
              type="button"
              className="secondary"
              onClick={() => host.post(link.url ? { type: 'openLink', url: link.url } : { type: 'openEntity', ref: link.entityRef ?? '' })}
              disabled={!link.url && !link.entityRef}
            >
              {link.title}
            </button>
          ))}
          {outcome.output.text.map((text) => (
            <div key={text.title ?? text.content} className="output-text">
              {text.title ? <h4>{text.title}</h4> : null}
              <pre>{text.content}</pre>
            </div>
          ))}
        </div>
      ) : null}
      {outcome && (outcome.ok || outcome.files) ? (
        <ul className="files" aria-label="Files">
          {(outcome.ok ? outcome.files : (outcome.files ?? [])).map((file) => (
            <li key={file.path}>
              <details>
                <summary>
                  <code>{file.path}</code> <span className="description">{file.size} bytes{file.exists ? ' · exists already' : ''}</span>
                </summary>
                {file.preview !== undefined ? <pre>{file.preview}</pre> : <p className="description">Binary file</p>}
              </details>
            </li>
          ))}
        </ul>
      ) : null}
      {log.length > 0 ? (
        <details className="log" open={!outcome?.ok}>
          <summary>Log</summary>
          <pre>{log.join('\n')}</pre>
        </details>
      ) : null}
    </div>
  );
}
