import Form from '@rjsf/core';
import type { FormValidation, RJSFSchema, UiSchema, ValidatorType } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import type { RunRemoteTemplateResult, RunTemplateResult } from '../../protocol/catalogProtocol';
import { CancelNotification, InitNotification, LogNotification, PickFolderRequest, PrefillNotification, RemoteResultNotification, ResultNotification, RunningNotification, RunNotification, RunRemoteNotification, type WizardInit } from '../../protocol/wizardMessages';
import { catalogFields, ENTITY_NAME, ENTITY_NAME_MESSAGE } from './catalogFields';
import { formButtons } from './formButtons';
import { host } from './hostBridge';
import { pageValidator } from './precompiledValidators';
import { RunResultView } from './RunResultView';
import { withSecretsApart } from './secretValues';
import { TrustNotice } from './TrustNotice';

interface Step {
  title: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
  validator: ValidatorType;
  /** Top-level fields by their `ui:field`. */
  fieldsOf: (name: string) => string[];
}

/** The wizard: one page per parameter step, a review page, then the run's result. */
export function WizardApp() {
  const [init, setInit] = useState<WizardInit>();
  const saved = host.state();
  const [page, setPage] = useState(saved?.page ?? 0);
  const [formData, setFormData] = useState<Record<string, unknown>[]>(saved?.formData ?? []);
  const [targetFolder, setTargetFolder] = useState(saved?.targetFolder);
  const [log, setLog] = useState<string[]>([]);
  const [running, setRunning] = useState<boolean | undefined>();
  const [result, setResult] = useState<{ dryRun: boolean; result: RunTemplateResult }>();
  const [remoteResult, setRemoteResult] = useState<RunRemoteTemplateResult>();
  // A page whose Next found errors checks again as it is edited, so an error goes once it is fixed.
  const [checkedPage, setCheckedPage] = useState<number>();

  useEffect(() => {
    const stops = [
      host.on(InitNotification, setInit),
      // Values from a link or an agent: the form starts again with them, for a person to review.
      host.on(PrefillNotification, ({ formData }) => {
        setFormData(formData);
        setPage(0);
        setCheckedPage(undefined);
        setResult(undefined);
        setRemoteResult(undefined);
        setLog([]);
      }),
      host.on(LogNotification, ({ message }) => setLog((lines) => [...lines, message])),
      host.on(RunningNotification, ({ dryRun }) => {
        setRunning(dryRun);
        setLog([]);
        setResult(undefined);
        setRemoteResult(undefined);
      }),
      host.on(RemoteResultNotification, ({ result }) => {
        setRunning(undefined);
        setRemoteResult(result);
      }),
      host.on(ResultNotification, (event) => {
        setRunning(undefined);
        setResult(event);
      }),
    ];
    host.ready();
    return () => stops.forEach((stop) => stop());
  }, []);

  const steps = useMemo<Step[]>(
    () =>
      (init?.form.pages ?? []).map((page, index) => {
        const uiSchema = page.uiSchema as UiSchema;
        const schema = page.schema as RJSFSchema;
        const fieldsOf = (name: string) => Object.entries(uiSchema).filter(([, ui]) => (ui as Record<string, unknown> | undefined)?.['ui:field'] === name).map(([field]) => field);
        return { title: page.title, schema, uiSchema, validator: pageValidator(init!.validators[index], schema), fieldsOf };
      }),
    [init],
  );

  // Secrets stay in memory: the saved state leaves them out.
  useEffect(() => {
    const secretFree = formData.map((data, index) => {
      const secrets = steps[index]?.fieldsOf('Secret') ?? [];
      return Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => !secrets.includes(key)));
    });
    if (init) host.saveState({ ref: init.form.ref, title: init.form.title, page, formData: secretFree, targetFolder });
  }, [init, page, formData, targetFolder, steps]);

  if (!init) return <p className="loading">Loading the template…</p>;
  const { form } = init;
  const reviewPage = steps.length;

  const all = () => Object.assign({}, ...formData) as Record<string, unknown>;
  // Unless another folder was picked: a folder named after the new project in the workspace.
  const name = [all().name, all().component_id].find((value): value is string => typeof value === 'string' && /^[\w.-]+$/.test(value));
  const separator = init.targetFolder.includes('\\') ? '\\' : '/';
  const folder = targetFolder ?? (name ? `${init.targetFolder}${separator}${name}` : init.targetFolder);
  /** The values, with Secret fields moved out to travel apart. */
  const values = () => withSecretsApart(all(), steps.flatMap((step) => step.fieldsOf('Secret')));
  const run = (dryRun: boolean) => host.notify(RunNotification, { dryRun, ...values(), targetFolder: folder });
  const remote = form.origin === 'backstage';
  // Created: running again would only offer to replace the same files. Going back to change a value clears the result.
  const created = result !== undefined && !result.dryRun && result.result.ok;
  const back = () => {
    if (running === undefined) {
      setResult(undefined);
      setRemoteResult(undefined);
      setLog([]);
    }
    setPage(page - 1);
  };

  return (
    <main>
      <header>
        <h1>{form.title}</h1>
        {form.description ? <p className="description">{form.description}</p> : null}
        <ol className="progress" aria-label="Steps">
          {[...steps.map((s) => s.title), 'Review'].map((title, index) => (
            <li key={title + String(index)} className={index === page ? 'current' : index < page ? 'done' : ''} aria-current={index === page ? 'step' : undefined}>
              {title}
            </li>
          ))}
        </ol>
      </header>
      {!init.canRun ? <TrustNotice whyNot={init.whyNot} trustNeeded={init.trustNeeded} /> : null}
      {page < reviewPage ? (
        <section aria-labelledby="step-title">
          <h2 id="step-title">{steps[page].title}</h2>
          <Form
            key={page}
            schema={steps[page].schema}
            uiSchema={{ ...steps[page].uiSchema, 'ui:submitButtonOptions': { norender: true } }}
            formData={formData[page] ?? {}}
            fields={catalogFields}
            templates={{ ButtonTemplates: formButtons }}
            validator={steps[page].validator}
            liveValidate={checkedPage === page ? 'onChange' : undefined}
            onError={() => setCheckedPage(page)}
            noHtml5Validate
            showErrorList={false}
            customValidate={(data: Record<string, unknown> | undefined, errors: FormValidation) => {
              for (const field of steps[page].fieldsOf('EntityNamePicker')) {
                const value = data?.[field];
                if (typeof value === 'string' && (value.length > 63 || !ENTITY_NAME.test(value))) (errors[field])?.addError(ENTITY_NAME_MESSAGE);
              }
              return errors;
            }}
            onChange={(event) => setFormData((all) => Object.assign([...all], { [page]: event.formData as Record<string, unknown> }))}
            onSubmit={(event) => {
              setFormData((all) => Object.assign([...all], { [page]: event.formData as Record<string, unknown> }));
              setPage(page + 1);
            }}
          >
            <div className="actions">
              <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Back
              </button>
              <button type="submit">Next</button>
            </div>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="review-title">
          <h2 id="review-title">Review</h2>
          <div className="reviews">
            {steps.map((step, index) => (
              <Review key={step.title + String(index)} step={step} data={formData[index] ?? {}} />
            ))}
          </div>
          {remote ? null : (
            <div className="target">
              <span>Create in</span>
              <code>{folder}</code>
              <button type="button" className="secondary" onClick={() => void host.request(PickFolderRequest).then((path) => path && setTargetFolder(path), () => undefined)}>
                Change…
              </button>
            </div>
          )}
          <div className="actions">
            <button type="button" className="secondary" onClick={back}>
              Back
            </button>
            {remote ? (
              running !== undefined ? (
                <button type="button" className="secondary" onClick={() => host.notify(CancelNotification)}>
                  Cancel Run
                </button>
              ) : (
                <button type="button" disabled={!init.canRun} onClick={() => host.notify(RunRemoteNotification, values())}>
                  Run on Backstage
                </button>
              )
            ) : (
              <>
                <button type="button" className="secondary" disabled={!init.canRun || running !== undefined || created} onClick={() => run(true)}>
                  Dry Run
                </button>
                <button type="button" disabled={!init.canRun || running !== undefined || created} onClick={() => run(false)}>
                  {created ? 'Created' : 'Create'}
                </button>
              </>
            )}
          </div>
          {running !== undefined ? <p role="status">{remote ? 'Running on Backstage…' : running ? 'Running a dry run…' : 'Creating…'}</p> : null}
          <RunResultView log={log} result={result} remote={remoteResult} />
        </section>
      )}
    </main>
  );
}

/** A value as a person reads it: lists joined, objects as their fields, an uploaded file by its name. */
function reviewText(value: unknown): string {
  if (typeof value === 'string') {
    const file = /^data:[^,]*;name=([^;,]+)[;,]/.exec(value)?.[1];
    return file ? decodeURIComponent(file) : value;
  }
  if (Array.isArray(value)) return value.map(reviewText).join(value.some((item) => typeof item === 'object' && item !== null) ? '; ' : ', ');
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([key, item]) => `${key}: ${reviewText(item)}`).join(', ');
  return String(value);
}

function Review({ step, data }: { step: Step; data: Record<string, unknown> }) {
  const properties = (step.schema.properties ?? {}) as Record<string, { title?: string }>;
  const secrets = step.fieldsOf('Secret');
  const entries = Object.entries(data).filter(([, value]) => value !== undefined && value !== '');
  return (
    <div className="review">
      <h3>{step.title}</h3>
      {entries.length === 0 ? (
        <p className="description">Nothing entered.</p>
      ) : (
        <dl>
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt>{properties[key]?.title ?? key}</dt>
              <dd>{secrets.includes(key) ? '••••••' : reviewText(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
