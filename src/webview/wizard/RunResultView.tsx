import Markdown from 'react-markdown';
import type { RunRemoteTemplateResult, RunTemplateResult, TemplateFileView, TemplateOutputView } from '../../protocol/catalogProtocol';
import { OpenEntityNotification, OpenLinkNotification } from '../../protocol/wizardMessages';
import { host } from './hostBridge';

/** A run's outcome: the files (written, or that a dry run would write) with previews, the output, the log. */
export function RunResultView({ log, result, remote }: { log: string[]; result?: { dryRun: boolean; result: RunTemplateResult }; remote?: RunRemoteTemplateResult }) {
  if (remote) return <RemoteResultView log={log} result={remote} />;
  if (!result && log.length === 0) return null;
  const outcome = result?.result;
  return (
    <div className="result">
      {outcome && !outcome.ok ? (
        <p className="field-error" role="alert">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.ok ? <h3>{ranHeading(Boolean(result?.dryRun), outcome.files.length, outcome.written.length)}</h3> : null}
      {/* A dry run's output names what does not exist yet: it is shown after the real run. */}
      {outcome?.ok && !result?.dryRun ? <OutputView output={outcome.output} /> : null}
      {outcome && (outcome.ok || outcome.files) ? <FileTree files={outcome.ok ? outcome.files : (outcome.files ?? [])} /> : null}
      <LogView log={log} open={!outcome?.ok} />
    </div>
  );
}

function ranHeading(dryRun: boolean, files: number, written: number): string {
  if (dryRun) return files === 0 ? 'A run would write no files' : `A run would write ${count(files, 'file')}`;
  return written === 0 ? 'The template ran; it writes no files' : `Created ${count(written, 'file')}`;
}

/** "1 file", "3 files". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A run on Backstage's scaffolder: its output, a link to its task page, its log. */
function RemoteResultView({ log, result }: { log: string[]; result: RunRemoteTemplateResult }) {
  return (
    <div className="result">
      {result.ok ? <h3>Backstage ran the template</h3> : <p className="field-error" role="alert">{result.message}</p>}
      {result.ok ? <OutputView output={result.output} /> : null}
      {result.taskUrl ? (
        <button type="button" className="secondary" onClick={() => host.notify(OpenLinkNotification, { url: result.taskUrl! })}>
          Open the Task in Backstage
        </button>
      ) : null}
      <LogView log={log.length > 0 ? log : result.log} open={!result.ok} />
    </div>
  );
}

/** `output.links` as buttons (links open in the editor, entity refs in the catalog) and `output.text` as text. */
export function OutputView({ output }: { output: TemplateOutputView }) {
  if (output.links.length + output.text.length === 0) return null;
  return (
    <div className="output">
      {output.links.map((link) => (
        <button
          key={link.title + (link.url ?? link.entityRef ?? '')}
          type="button"
          className="secondary"
          onClick={() => (link.url ? host.notify(OpenLinkNotification, { url: link.url }) : host.notify(OpenEntityNotification, { ref: link.entityRef ?? '' }))}
          disabled={!link.url && !link.entityRef}
        >
          {link.title}
        </button>
      ))}
      {output.text.map((text) => (
        <div key={text.title ?? text.content} className="output-text">
          {text.title ? <h4>{text.title}</h4> : null}
          {/* Markdown, as Backstage shows it; raw HTML in it stays text, and links open through the extension. */}
          <Markdown skipHtml components={{ a: ({ href, children }) => <a href="#" onClick={(event) => { event.preventDefault(); if (href) host.notify(OpenLinkNotification, { url: href }); }}>{children}</a> }}>
            {text.content ?? ''}
          </Markdown>
        </div>
      ))}
    </div>
  );
}

export function LogView({ log, open }: { log: string[]; open: boolean }) {
  if (log.length === 0) return null;
  return (
    <details className="log" open={open}>
      <summary>Log</summary>
      <pre>{log.join('\n')}</pre>
    </details>
  );
}

interface Folder {
  folders: Map<string, Folder>;
  files: TemplateFileView[];
}

/** The files as a tree of folders, each file with its preview. */
function FileTree({ files }: { files: TemplateFileView[] }) {
  const root: Folder = { folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) folder.folders.set(part, (next = { folders: new Map(), files: [] }));
      folder = next;
    }
    folder.files.push(file);
  }
  return <FolderView folder={root} label="Files" />;
}

function FolderView({ folder, label }: { folder: Folder; label: string }) {
  return (
    <ul className="files" aria-label={label}>
      {[...folder.folders].map(([name, sub]) => (
        <li key={name}>
          <details open>
            <summary>{name}/</summary>
            <FolderView folder={sub} label={name} />
          </details>
        </li>
      ))}
      {folder.files.map((file) => (
        <li key={file.path}>
          <details>
            <summary>
              <code>{file.path.split('/').pop()}</code> <span className="description">{count(file.size, 'byte')}{file.exists ? ' · exists already' : ''}</span>
            </summary>
            {file.preview !== undefined ? <pre>{file.preview}</pre> : <p className="description">Binary file</p>}
          </details>
        </li>
      ))}
    </ul>
  );
}
