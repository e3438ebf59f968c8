import { ResponseError } from '@backstage/errors';
import { backstageFetch } from './backstageFetch';
import { BackstageSourceError, notCatalogApi, toSourceError } from './backstageErrors';

export interface ScaffolderOptions {
  /** The Backstage backend's URL (the scaffolder is under /api/scaffolder). */
  baseUrl: string;
  /** Sent only to `baseUrl`'s origin. */
  token?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** One event of a scaffolder task, as `GET /v2/tasks/:id/events` lists them. */
export interface TaskEvent {
  id: number;
  /** `log`, `completion`, `cancelled` or `recovered`. */
  type: string;
  body: { message?: string; stepId?: string; status?: string; output?: Record<string, unknown>; error?: { message?: string } };
}

const POLL_MS = 500;

/** Starts a task of the Template `templateRef` on Backstage's scaffolder; resolves to its id. */
export async function startScaffolderTask(options: ScaffolderOptions, templateRef: string, values: Record<string, unknown>, secrets: Record<string, string>): Promise<string> {
  const body = await call<{ id?: unknown }>(options, '/v2/tasks', { method: 'POST', body: JSON.stringify({ templateRef, values, secrets }) });
  if (typeof body.id !== 'string') throw notCatalogApi(options.baseUrl, 'answered a new task without its id');
  return body.id;
}

/**
 * Follows a task's events until it completes, fails or is cancelled, handing each to `onEvent`;
 * resolves to the last one (`completion` carries the output).
 */
export async function followScaffolderTask(options: ScaffolderOptions, taskId: string, onEvent: (event: TaskEvent) => void): Promise<TaskEvent> {
  let after: number | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const events = await call<TaskEvent[]>(options, `/v2/tasks/${encodeURIComponent(taskId)}/events${after === undefined ? '' : `?after=${after}`}`);
    for (const event of Array.isArray(events) ? events : []) {
      after = event.id;
      onEvent(event);
      if (event.type === 'completion' || event.type === 'cancelled') return event;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What the scaffolder's dry run answers: the workspace's files after the run, and the rendered output. */
export interface DryRunAnswer {
  files: { path: string; contents: Buffer }[];
  output: Record<string, unknown>;
  /** The log's messages, as the scaffolder's dry run returns them. */
  log: string[];
}

/**
 * Runs `template` (the whole entity) on Backstage's scaffolder as a dry run (`POST /v2/dry-run`): the
 * sent files stand in for the template's folder, and nothing is published or registered.
 */
export async function dryRunOnScaffolder(
  options: ScaffolderOptions,
  template: unknown,
  values: Record<string, unknown>,
  secrets: Record<string, string>,
  directory: readonly { path: string; contents: Buffer }[],
): Promise<DryRunAnswer> {
  const body = await call<{ directoryContents?: { path?: string; base64Content?: string }[]; output?: unknown; log?: { body?: { message?: unknown } }[] }>(options, '/v2/dry-run', {
    method: 'POST',
    body: JSON.stringify({ template, values, secrets, directoryContents: directory.map((file) => ({ path: file.path, base64Content: file.contents.toString('base64') })) }),
  });
  if (!Array.isArray(body.directoryContents)) throw notCatalogApi(options.baseUrl, 'answered a dry run without its files');
  return {
    files: body.directoryContents.map((file) => ({ path: String(file.path), contents: Buffer.from(typeof file.base64Content === 'string' ? file.base64Content : '', 'base64') })),
    output: typeof body.output === 'object' && body.output !== null ? (body.output as Record<string, unknown>) : {},
    log: (Array.isArray(body.log) ? body.log : []).map((entry) => entry?.body?.message).filter((message): message is string => typeof message === 'string'),
  };
}

export async function cancelScaffolderTask(options: ScaffolderOptions, taskId: string): Promise<void> {
  await call(options, `/v2/tasks/${encodeURIComponent(taskId)}/cancel`, { method: 'POST' });
}

async function call<T>(options: ScaffolderOptions, path: string, init: RequestInit = {}): Promise<T> {
  const root = options.baseUrl.replace(/\/+$/, '');
  const fetchApi = backstageFetch({ ...options, baseUrl: root });
  try {
    const response = await fetchApi(`${root}/api/scaffolder${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    if (response.status === 400) {
      // The scaffolder answers values that fail the template's schema with `{ errors: [{ message }] }`.
      const body = (await response.clone().json().catch(() => undefined)) as { errors?: { message?: unknown }[] } | undefined;
      const reasons = (body?.errors ?? []).map((error) => String(error.message)).filter(Boolean);
      if (reasons.length > 0) throw new BackstageSourceError('bad-request', `Backstage's scaffolder refused the values: ${reasons.join('; ')}.`, 400);
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  } catch (error) {
    if (error instanceof BackstageSourceError) throw error;
    // The catalog's wording of a 404 blames the base URL; here it is usually the template or the task.
    if (error instanceof ResponseError && error.statusCode === 404) {
      throw new BackstageSourceError('not-found', `Backstage's scaffolder at ${root} answered 404${error.body?.error?.message ? `: ${error.body.error.message}` : ''}. Check that the template is still in Backstage's catalog and that the scaffolder plugin is installed.`, 404);
    }
    throw toSourceError(error, root, options.signal);
  }
}
