import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema, ValidatorType } from '@rjsf/utils';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TemplateForm, TemplatePreview, TemplatePreviewFile, TemplatePreviewRun } from '../../protocol/catalogProtocol';
import {
  PreviewNotification,
  PreviewRunNotification,
  PreviewRunningNotification,
  PreviewRunResultNotification,
  PreviewSavedNotification,
  PreviewValuesNotification,
  RevealLineNotification,
} from '../../protocol/wizardMessages';
import { catalogFields } from './catalogFields';
import { formButtons } from './formButtons';
import { host } from './hostBridge';
import { loadValidators, pageValidator } from './precompiledValidators';
import { LogView, OutputView } from './RunResultView';
import { withSecretsApart } from './secretValues';
import { TrustNotice } from './TrustNotice';

interface Page {
  title: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
  validator: ValidatorType;
  secrets: string[];
}

/** Values travel to the host for the steps list after this pause in typing. */
const VALUES_PAUSE_MS = 150;

/** The template preview beside a template.yaml: the form, the steps that would run, problems, and dry runs. */
export function PreviewApp() {
  const [shown, setShown] = useState<{ preview: TemplatePreview; fileName: string; canRun: boolean; whyNot?: string; trustNeeded?: boolean }>();
  const [loadError, setLoadError] = useState<string>();
  const [formData, setFormData] = useState<Record<string, unknown>[]>([]);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<TemplatePreviewRun>();
  const [runs, setRuns] = useState(0);
  // The last form that compiled: a schema half typed leaves it on the page.
  const [form, setForm] = useState<{ template: TemplateForm; keys: string[] }>();
  const valuesRef = useRef<() => { parameters: Record<string, unknown>; secrets: Record<string, string> }>(() => ({ parameters: {}, secrets: {} }));

  useEffect(() => {
    // Answers show in the order they came: one that waits for new validator scripts must not cover a later one.
    let received = 0;
    let shownAnswer = 0;
    const stops = [
      host.on(PreviewNotification, (message) => {
        const answer = ++received;
        void loadValidators(message.validators).then(
          () => {
            if (answer < shownAnswer) return;
            shownAnswer = answer;
            setLoadError(undefined);
            const keys = message.validators.map((validator) => validator.key);
            setShown({ preview: message.preview, fileName: message.fileName, canRun: message.canRun, whyNot: message.whyNot, trustNeeded: message.trustNeeded });
            if (message.preview.form) setForm({ template: message.preview.form, keys });
          },
          (error: Error) => answer >= shownAnswer && setLoadError(error.message),
        );
      }),
      host.on(PreviewSavedNotification, () => host.notify(PreviewRunNotification, valuesRef.current())),
      host.on(PreviewRunningNotification, () => setRunning(true)),
      host.on(PreviewRunResultNotification, ({ run }) => {
        setRunning(false);
        setRun(run);
        setRuns((count) => count + 1);
      }),
    ];
    host.ready();
    return () => stops.forEach((stop) => stop());
  }, []);

  const pages = useMemo<Page[]>(
    () =>
      (form?.template.pages ?? []).map((page, index) => {
        const uiSchema = page.uiSchema as UiSchema;
        const schema = page.schema as RJSFSchema;
        const secrets = Object.entries(uiSchema)
          .filter(([, ui]) => (ui as Record<string, unknown> | undefined)?.['ui:field'] === 'Secret')
          .map(([field]) => field);
        return { title: page.title, schema, uiSchema, validator: pageValidator(form!.keys[index], schema), secrets };
      }),
    [form],
  );

  /** The values, with Secret fields moved out to travel apart. */
  valuesRef.current = () => withSecretsApart(Object.assign({}, ...formData.slice(0, pages.length)) as Record<string, unknown>, pages.flatMap((page) => page.secrets));

  // The steps list follows the values: the host asks the server again after a pause in typing.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => host.notify(PreviewValuesNotification, { parameters: valuesRef.current().parameters }), VALUES_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [formData]);

  if (loadError)
    return (
      <p className="field-error" role="alert">
        {loadError}
      </p>
    );
  if (!shown) return <p className="loading">Loading the preview…</p>;
  const { preview } = shown;
  const remote = (preview.form ?? form?.template)?.origin === 'backstage';

  return (
    <main className="preview">
      <header>
        <p className="description">Preview of {shown.fileName} · follows your edits</p>
        <h1>{preview.form?.title ?? form?.template.title ?? shown.fileName}</h1>
        {preview.form?.description ? <p className="description">{preview.form.description}</p> : null}
      </header>
      {!shown.canRun ? <TrustNotice whyNot={shown.whyNot} trustNeeded={shown.trustNeeded} /> : null}
      <Problems problems={preview.problems} />
      {pages.length === 0 && preview.form ? (
        <p className="empty">This template asks nothing: add parameters (a list of steps, each a JSON Schema object) and its form shows here as you type.</p>
      ) : null}
      {pages.map((page, index) => (
        <section key={index} className="preview-page" aria-label={page.title}>
          <h2>{page.title}</h2>
          <Form
            schema={page.schema}
            uiSchema={{ ...page.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
            formData={formData[index] ?? {}}
            fields={catalogFields}
            templates={{ ButtonTemplates: formButtons }}
            validator={page.validator}
            liveValidate
            noHtml5Validate
            showErrorList={false}
            onChange={(event) => setFormData((all) => Object.assign([...all], { [index]: event.formData as Record<string, unknown> }))}
          />
        </section>
      ))}
      {preview.steps.length > 0 ? <StepList steps={preview.steps} /> : null}
      <section aria-labelledby="dry-run-title">
        <h2 id="dry-run-title">Dry run</h2>
        <div className="actions start">
          <button type="button" disabled={!shown.canRun || running || !preview.form} onClick={() => host.notify(PreviewRunNotification, valuesRef.current())}>
            {remote ? 'Dry Run on Backstage' : 'Dry Run'}
          </button>
          <span className="description" role="status">
            {running
              ? remote
                ? "Running a dry run on Backstage's scaffolder…"
                : 'Running a dry run…'
              : run
                ? `Dry run ${runs}${remote ? " on Backstage's scaffolder" : ' · runs again when you save'}`
                : remote
                  ? "Press Dry Run on Backstage to see what Backstage's scaffolder would write, with your token. Nothing is created."
                  : 'Press Dry Run, or save the template, to see the files it would write.'}
          </span>
        </div>
        {run ? <RunView run={run} /> : null}
      </section>
    </main>
  );
}

function Problems({ problems }: { problems: TemplatePreview['problems'] }) {
  if (problems.length === 0) return null;
  return (
    <section aria-label="Problems" className="problems">
      <h2>Problems</h2>
      <ul>
        {problems.map((problem, index) => (
          <li key={index} className={`problem ${problem.severity}`}>
            <button type="button" className="link" onClick={() => host.notify(RevealLineNotification, { line: problem.line })} title={`Go to line ${problem.line + 1}`}>
              <span className="severity">{problem.severity === 'error' ? 'Error' : problem.severity === 'warning' ? 'Warning' : 'Info'}</span> {problem.message}{' '}
              <span className="description">line {problem.line + 1}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const RUNS_TEXT = { yes: 'runs', no: 'skipped', depends: 'depends on an earlier step', error: 'condition fails' } as const;

function StepList({ steps }: { steps: TemplatePreview['steps'] }) {
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">Steps</h2>
      <ol className="plan">
        {steps.map((step) => (
          <li key={step.id} className={`runs-${step.runs}`} title={step.why}>
            <span className="step-name">{step.name}</span> <code>{step.action}</code> <span className="badge">{RUNS_TEXT[step.runs]}</span>
            {step.why && step.runs !== 'yes' ? <span className="description"> {step.why}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RunView({ run }: { run: TemplatePreviewRun }) {
  if (!run.ok)
    return (
      <div className="result">
        <p className="field-error" role="alert">
          {run.message}
        </p>
        <LogView log={run.log} open />
      </div>
    );
  const changed = run.files.filter((file) => file.change === 'changed').length;
  const added = run.files.filter((file) => file.change === 'added').length;
  const summary = [
    `${run.files.length} ${run.files.length === 1 ? 'file' : 'files'}`,
    changed ? `${changed} changed` : '',
    added && added < run.files.length ? `${added} added` : '',
    run.removed.length ? `${run.removed.length} removed` : '',
    `${Math.round(run.durationMs)} ms`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className="result">
      <h3>{summary}</h3>
      <ul className="files" aria-label="Files">
        {run.files.map((file) => (
          <FileView key={file.path} file={file} />
        ))}
        {run.removed.map((file) => (
          <li key={file} className="change-removed">
            <code>{file}</code> <span className="badge">removed</span>
          </li>
        ))}
      </ul>
      <OutputView output={run.output} />
      <details className="log">
        <summary>Output</summary>
        <pre>{run.rawOutput}</pre>
      </details>
      <LogView log={run.log} open={false} />
    </div>
  );
}

function FileView({ file }: { file: TemplatePreviewFile }) {
  const size = file.size < 10_240 ? `${file.size} bytes` : `${Math.round(file.size / 1024)} KB`;
  return (
    <li className={`change-${file.change}`}>
      <details open={file.change === 'changed' && file.diff !== undefined}>
        <summary>
          <code>{file.path}</code> {file.change !== 'unchanged' ? <span className="badge">{file.change}</span> : null}{' '}
          <span className="description">
            {size}
            {file.kind === 'binary' ? ' · binary' : file.kind === 'large' ? ' · large file' : ''}
          </span>
        </summary>
        {file.diff ? <Diff lines={file.diff} /> : null}
        {file.kind === 'binary' ? <p className="description">Binary file: copied as it is, not shown.</p> : null}
        {file.kind === 'large' ? (
          <details>
            <summary>Show all {size}</summary>
            <pre>{file.text}</pre>
          </details>
        ) : null}
        {file.kind === 'text' ? <pre aria-label={`Contents of ${file.path}`}>{file.text}</pre> : null}
      </details>
    </li>
  );
}

function Diff({ lines }: { lines: string[] }) {
  return (
    <pre className="diff" aria-label="Changes since the previous dry run">
      {lines.map((line, index) => (
        <span
          key={index}
          className={line.startsWith('+') && !line.startsWith('+++') ? 'diff-add' : line.startsWith('-') && !line.startsWith('---') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : undefined}
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
