import { stripVTControlCharacters } from 'node:util';
import type { Connection } from 'vscode-languageserver';
import type { ScaffolderOptions } from '../../sources/backstageScaffolder';
import { cancelScaffolderTask, followScaffolderTask, startScaffolderTask } from '../../sources/backstageScaffolder';
import {
  AwaitRegisteredRequest,
  CancelRemoteTemplateRequest,
  RunRemoteTemplateRequest,
  TemplateLogNotification,
} from '../../protocol/catalogProtocol';
import { openSecrets } from '../openedSecrets';
import { outputView, redact } from './templateOutputView';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

/** How to reach the scaffolder of the Backstage a template came from. */
export type ScaffolderFor = (baseUrl: string) => Promise<{ options: ScaffolderOptions; taskUrl: (taskId: string) => string } | undefined>;
/** Brings entities a run registered into the catalog once Backstage has them. */
export type WhenRegistered = (baseUrl: string, refs: string[]) => Promise<boolean>;

/** Runs a Backstage Template on Backstage's own scaffolder: starts the task, relays its log, returns its output. */
export function registerRemoteTemplateRuns(connection: Connection, workspace: WorkspaceCatalog, scaffolderFor: ScaffolderFor, whenRegistered: WhenRegistered): void {
  /** Runs by template, reserved before the task exists, so that a second click or an early cancel is not lost. */
  const running = new Map<string, { options?: ScaffolderOptions; taskId?: string; cancelled: boolean }>();

  connection.onRequest(RunRemoteTemplateRequest, async (params) => {
    await workspace.firstLoad;
    const log: string[] = [];
    let secrets: Record<string, string>;
    try {
      secrets = openSecrets(params);
    } catch (error) {
      return { ok: false, message: `The run's secrets could not be read: ${error instanceof Error ? error.message : String(error)}`, log };
    }
    const record = workspace.catalog.entity(params.ref);
    if (!record?.remote || record.entity.kind !== 'Template') return { ok: false, message: `${params.ref} is not a Template from Backstage.`, log };
    const scaffolder = await scaffolderFor(record.remote.baseUrl);
    if (!scaffolder) return { ok: false, message: `Backstage at ${record.remote.baseUrl} is no longer configured.`, log };
    const key = record.key;
    if (running.has(key)) return { ok: false, message: `${record.ref} is running already.`, log };
    const entry: { options?: ScaffolderOptions; taskId?: string; cancelled: boolean } = { cancelled: false };
    running.set(key, entry);
    let taskId: string | undefined;
    try {
      taskId = await startScaffolderTask(scaffolder.options, record.ref, params.parameters, secrets);
      Object.assign(entry, { options: scaffolder.options, taskId });
      // A cancel that came while the task was being created applies now.
      if (entry.cancelled) await cancelScaffolderTask(scaffolder.options, taskId);
      const last = await followScaffolderTask(scaffolder.options, taskId, (event) => {
        if (event.type !== 'log' || !event.body.message) return;
        // Backstage colours its loggers' lines for a terminal; the wizard shows plain text.
        const message = redact(stripVTControlCharacters(event.body.message), secrets);
        log.push(message);
        void connection.sendNotification(TemplateLogNotification, { ref: record.ref, stepId: event.body.stepId, message });
      });
      const taskUrl = scaffolder.taskUrl(taskId);
      if (last.type === 'cancelled') return { ok: false, message: 'The task was cancelled.', taskId, taskUrl, log };
      if (last.body.error?.message || last.body.status === 'failed') {
        return { ok: false, message: redact(`The task failed: ${last.body.error?.message ?? last.body.message ?? 'see its log'}`, secrets), taskId, taskUrl, log };
      }
      const output = outputView(last.body.output ?? {});
      // Entities its output links to that this instance's catalog lacks yet (what the run registered)
      // join the tree when Backstage has processed them, without waiting for the next refresh.
      const baseUrl = record.remote.baseUrl;
      const registered = output.links.flatMap((link) => (link.entityRef && !workspace.catalog.remoteCopies(link.entityRef).some((copy) => copy.remote?.baseUrl === baseUrl) ? [link.entityRef] : []));
      if (registered.length > 0) {
        void whenRegistered(baseUrl, registered).then(
          (joined) => joined || connection.console.warn(`Backstage has not taken in ${registered.join(', ')} yet; they join the catalog with its next refresh.`),
          (error: unknown) => connection.console.error(`Loading ${baseUrl} after a run failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      return { ok: true, taskId, taskUrl, output, log };
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error), secrets);
      return { ok: false, message, taskId, taskUrl: taskId ? scaffolder.taskUrl(taskId) : undefined, log };
    } finally {
      running.delete(key);
    }
  });

  connection.onRequest(AwaitRegisteredRequest, async ({ templateRef, ref }) => {
    const template = workspace.catalog.entity(templateRef);
    return template?.remote ? whenRegistered(template.remote.baseUrl, [ref]) : false;
  });

  connection.onRequest(CancelRemoteTemplateRequest, async ({ ref }) => {
    const entry = running.get(ref.toLowerCase());
    if (!entry) return;
    entry.cancelled = true;
    if (entry.options && entry.taskId) await cancelScaffolderTask(entry.options, entry.taskId);
  });
}
