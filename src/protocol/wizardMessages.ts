/**
 * Messages between the template wizard webview and the extension host, as typed handles
 * (webviewMessages.ts). Types only from catalogProtocol.ts: the webview bundle imports this file.
 */
import type { EntityOption, PickerEntitiesParams, RunRemoteTemplateResult, RunTemplateResult, TemplateForm, TemplatePreview, TemplatePreviewRun } from './catalogProtocol';
import { webviewNotification, webviewRequest } from './webviewMessages';

export type { EntityOption } from './catalogProtocol';

/** What the wizard keeps across the panel being hidden or reloaded (never secrets). */
export interface WizardState {
  /** The template the wizard is for: a reloaded window reopens it. */
  ref: string;
  title: string;
  page: number;
  formData: Record<string, unknown>[];
  targetFolder?: string;
}

/** Page → host request: entities for a picker, as the server's PickerEntitiesRequest gives them. */
export const EntitiesRequest = webviewRequest<PickerEntitiesParams, EntityOption[]>('entities');

/** Page → host request: let the user pick the target folder; null when they cancel. */
export const PickFolderRequest = webviewRequest<void, string | null>('pickFolder');

/** Page → host: run the template locally; secrets travel only in this message. The outcome arrives as `result`. */
export const RunNotification = webviewNotification<{ dryRun: boolean; parameters: Record<string, unknown>; secrets: Record<string, string>; targetFolder: string }>('run');

/** Page → host: run a Backstage template on Backstage's scaffolder. The outcome arrives as `remoteResult`. */
export const RunRemoteNotification = webviewNotification<{ parameters: Record<string, unknown>; secrets: Record<string, string> }>('runRemote');

/** Page → host: cancel the running scaffolder task. */
export const CancelNotification = webviewNotification('cancel');

/** Page → host: open a link from the template's output (checked by the host). */
export const OpenLinkNotification = webviewNotification<{ url: string }>('openLink');

/** Page → host: open an entity the run created, once it is in the catalog. */
export const OpenEntityNotification = webviewNotification<{ ref: string }>('openEntity');

/** Page → host: open VS Code's workspace trust editor. */
export const ManageTrustNotification = webviewNotification('manageTrust');

/** What the page opens with: the form, and whether it can run here (`trustNeeded`: it would in a trusted workspace). */
export interface WizardInit {
  form: TemplateForm;
  /** Each page's validator script, by the key it registers under (see precompiledValidators.ts). */
  validators: string[];
  targetFolder: string;
  canRun: boolean;
  whyNot?: string;
  trustNeeded?: boolean;
}

/** Host → page: the form to show, after each ready and when trust changes. */
export const InitNotification = webviewNotification<WizardInit>('init');

/**
 * Host → page: values a link or an agent's dry run chose, split by the form's pages (each page only
 * its own fields, Secret fields never): they replace what the form holds, and a person reviews them.
 */
export const PrefillNotification = webviewNotification<{ formData: Record<string, unknown>[] }>('prefill');

/** Host → page: a line of the running template's log. */
export const LogNotification = webviewNotification<{ message: string }>('log');

/** Host → page: a run started. */
export const RunningNotification = webviewNotification<{ dryRun: boolean }>('running');

/** Host → page: a local run's outcome. */
export const ResultNotification = webviewNotification<{ dryRun: boolean; result: RunTemplateResult }>('result');

/** Host → page: a run on Backstage's scaffolder ended. */
export const RemoteResultNotification = webviewNotification<{ result: RunRemoteTemplateResult }>('remoteResult');

/** Host → preview page: the template as last edited; `validators` are the scripts of its pages' validators, by key, to load. */
export const PreviewNotification = webviewNotification<{
  preview: TemplatePreview;
  validators: { key: string; src: string }[];
  fileName: string;
  canRun: boolean;
  whyNot?: string;
  trustNeeded?: boolean;
}>('preview');

/** Preview page → host: the form's values changed (the steps list follows them). */
export const PreviewValuesNotification = webviewNotification<{ parameters: Record<string, unknown> }>('previewValues');

/** Preview page → host: dry-run the template with these values (secrets travel only here). */
export const PreviewRunNotification = webviewNotification<{ parameters: Record<string, unknown>; secrets: Record<string, string> }>('previewRun');

/** Host → preview page: the template was saved; the page asks for a dry run with its values. */
export const PreviewSavedNotification = webviewNotification('previewSaved');

/** Host → preview page: a dry run started, and how it ended. */
export const PreviewRunningNotification = webviewNotification('previewRunning');
export const PreviewRunResultNotification = webviewNotification<{ run: TemplatePreviewRun }>('previewRunResult');

/** Preview page → host: show this line of the template (a problem, a step). */
export const RevealLineNotification = webviewNotification<{ line: number }>('revealLine');
