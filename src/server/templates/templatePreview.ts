import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { unifiedDiff } from '../../core/scaffolder/lineDiff';
import { isBinary } from '../../core/scaffolder/skeletonRenderer';
import { planSteps } from '../../core/scaffolder/stepPlan';
import { runTemplate, TemplateRunError, type TemplateAction, type TemplateSpec } from '../../core/scaffolder/templateRunner';
import { TemplatePreviewRequest, TemplatePreviewRunRequest, type TemplatePreview, type TemplatePreviewFile, type TemplatePreviewRun } from '../../protocol/catalogProtocol';
import { dryRunOnScaffolder, type ScaffolderOptions } from '../../sources/backstageScaffolder';
import { templateFolder } from '../../sources/templateFolder';
import { parseRemoteEntityUri } from '../backstage/remoteEntityUri';
import { openSecrets } from '../openedSecrets';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';
import { templateForm, templateSteps, userOf, type RunSettings } from './templateRequests';
import { outputView, redact } from './templateOutputView';

/** Text past this is sent whole but shown folded, with its size: no file is cut. */
export const LARGE_FILE_BYTES = 256 * 1024;
/** Previous dry runs kept, by file: the diff of the next run is against them. */
const RUNS_KEPT = 20;

export interface PreviewHost {
  /** A Backstage Template's whole entity (the catalog keeps only what the tree needs). */
  fullEntity(record: EntityRecord): Promise<EntityRecord['entity'] | undefined>;
  /** How to reach a Backstage instance's scaffolder, with the user's token; undefined when not connected. */
  scaffolder(baseUrl: string): Promise<ScaffolderOptions | undefined>;
  /** Applies an edit of `uri` still waiting for the typing pause, so that the catalog has the editor's text. */
  settle(uri: string): Promise<void>;
  settings: RunSettings;
  dryActions: Record<string, TemplateAction>;
}

/** The preview beside a template.yaml: its form and steps at each edit, and dry runs compared with the one before. */
export function registerTemplatePreview(connection: Connection, workspace: WorkspaceCatalog, host: PreviewHost): void {
  const previousRuns = new Map<string, Map<string, Buffer>>();

  connection.onRequest(TemplatePreviewRequest, async ({ uri, parameters }): Promise<TemplatePreview> => {
    const found = await templateIn(uri);
    const problems = problemsOf(uri);
    if (!found) return { steps: [], problems };
    const { record, entity } = found;
    const spec = (entity.spec ?? {}) as { steps?: unknown };
    const user = userOf(await host.settings.user(), workspace);
    const steps = planSteps(templateSteps(spec.steps), parameters ?? {}, user);
    try {
      return { form: await templateForm(record, entity, host.dryActions), steps, problems };
    } catch (error) {
      // A schema half typed may not compile: the last form stays on the page, the reason shows.
      const message = `The parameters' schema does not compile: ${error instanceof Error ? error.message : String(error)}`;
      return { steps, problems: [{ severity: 'error', message, line: record.range.start.line, code: 'template-schema' }, ...problems] };
    }
  });

  connection.onRequest(TemplatePreviewRunRequest, async (params): Promise<TemplatePreviewRun> => {
    const log: string[] = [];
    const found = await templateIn(params.uri);
    if (!found) return { ok: false, message: 'This file holds no Template to run.', log };
    const { record, entity } = found;
    // Checked here as in the wizard: a template's local dry run reads its folder and renders its files.
    if (!record.remote && !host.settings.workspaceTrusted()) return { ok: false, message: 'Templates do not run in an untrusted workspace: trust the workspace to run this one.', log };
    let secrets: Record<string, string>;
    try {
      secrets = openSecrets(params);
    } catch (error) {
      return { ok: false, message: `The run's secrets could not be read: ${error instanceof Error ? error.message : String(error)}`, log };
    }
    const started = performance.now();
    const compared = (files: ReadonlyMap<string, Buffer>, output: Record<string, unknown>): TemplatePreviewRun => {
      const durationMs = performance.now() - started;
      const before = previousRuns.get(params.uri);
      const views = [...files].sort(([a], [b]) => a.localeCompare(b)).map(([file, contents]) => fileView(file, contents, before?.get(file)));
      const removed = before ? [...before.keys()].filter((file) => !files.has(file)).sort() : [];
      previousRuns.delete(params.uri);
      if (previousRuns.size >= RUNS_KEPT) previousRuns.delete(previousRuns.keys().next().value!);
      previousRuns.set(params.uri, new Map(files));
      return { ok: true, files: views, removed, log, output: outputView(output), rawOutput: redact(JSON.stringify(output, null, 2), secrets), durationMs };
    };
    if (record.remote) {
      // A Backstage template dry-runs on its own scaffolder, with the user's token: nothing runs here.
      const options = await host.scaffolder(record.remote.baseUrl);
      if (!options) return { ok: false, message: `Greenroom is not connected to ${record.remote.baseUrl}.`, log };
      try {
        const answer = await dryRunOnScaffolder(options, entity, params.parameters, secrets, []);
        log.push(...answer.log.map((line) => redact(line, secrets)));
        return compared(new Map(answer.files.map((file) => [file.path, file.contents])), answer.output);
      } catch (error) {
        return { ok: false, message: redact(error instanceof Error ? error.message : String(error), secrets), log };
      }
    }
    try {
      const spec = entity.spec as unknown as TemplateSpec;
      const result = await runTemplate(
        { ...spec, steps: templateSteps(spec.steps) },
        {
          parameters: params.parameters,
          secrets,
          source: templateFolder(path.dirname(record.path)),
          templateRef: record.ref,
          user: userOf(await host.settings.user(), workspace),
          actions: host.dryActions,
          onLog: (line) => log.push(redact(line.message, secrets)),
        },
      );
      return compared(result.files, result.output);
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error), secrets);
      return { ok: false, message, stepId: error instanceof TemplateRunError ? error.stepId : undefined, log };
    }
  });

  /** The first Template in the open file, from the editor's current text; or the Backstage Template a read-only document shows, whole. */
  async function templateIn(uri: string): Promise<{ record: EntityRecord; entity: EntityRecord['entity'] } | undefined> {
    await workspace.firstLoad;
    const remote = parseRemoteEntityUri(uri);
    if (remote) {
      const record = [workspace.catalog.entity(remote.ref), ...workspace.catalog.remoteCopies(remote.ref)].find((candidate) => candidate?.remote?.baseUrl === remote.baseUrl);
      const entity = record?.entity.kind === 'Template' ? await host.fullEntity(record) : undefined;
      return record && entity ? { record, entity } : undefined;
    }
    if (!uri.startsWith('file:')) return undefined;
    await host.settle(uri);
    const file = URI.parse(uri).fsPath;
    const record = workspace.catalog
      .entitiesOfKind('template')
      .filter((candidate) => !candidate.remote && candidate.path === file)
      .sort((a, b) => a.documentIndex - b.documentIndex)[0];
    return record && { record, entity: record.entity };
  }

  function problemsOf(uri: string): TemplatePreview['problems'] {
    if (!uri.startsWith('file:')) return [];
    const file = URI.parse(uri).fsPath;
    return (workspace.catalog.problems().get(file) ?? []).map((problem) => ({ severity: problem.severity, message: problem.message, line: problem.range.start.line, code: problem.code }));
  }
}

/** A file as the preview shows it, and how it differs from the previous dry run's. */
function fileView(file: string, contents: Buffer, before: Buffer | undefined): TemplatePreviewFile {
  const change = before === undefined ? 'added' : before.equals(contents) ? 'unchanged' : 'changed';
  if (isBinary(contents)) return { path: file, size: contents.length, kind: 'binary', change };
  const text = contents.toString('utf8');
  const diff = change === 'changed' && before && !isBinary(before) ? unifiedDiff(before.toString('utf8'), text, { before: `previous/${file}`, after: file }) : undefined;
  return { path: file, size: contents.length, kind: contents.length > LARGE_FILE_BYTES ? 'large' : 'text', text, change, diff };
}
