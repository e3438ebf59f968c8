// Templates in the server: their forms, local runs with host actions, and runs on a Backstage scaffolder.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import type { Catalog } from '../../core/catalog/catalog';
import { entityTitle, groupEntities } from '../../core/catalog/entityGrouping';
import { isBinary } from '../../core/scaffolder/skeletonRenderer';
import { LOCAL_ACTIONS, runTemplate, TemplateRunError, type TemplateSpec, type TemplateStep } from '../../core/scaffolder/templateRunner';
import { templateFolder } from '../../sources/templateFolder';
import { existingFiles, writeTemplateOutput } from '../../sources/templateOutput';
import {
  PickerEntitiesRequest,
  RunTemplateRequest,
  TemplateFormRequest,
  TemplateLogNotification,
  TemplatesRequest,
  type EntityOption,
  type GitHubSettings,
  type PickerEntitiesParams,
  type TemplateFileView,
  type TemplateForm,
} from '../../protocol/catalogProtocol';
import { toSummary } from '../catalog/entityViews';
import { wizardPages } from './wizardPages';
import { hostActions } from './hostActions';
import { openSecrets } from '../openedSecrets';
import { outputView, redact } from './templateOutputView';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

const PREVIEW_BYTES = 4_096;

/** Whole entities of Backstage's Templates: the catalog holds only the fields the tree needs. */
export type FullEntityOf = (record: EntityRecord) => Promise<EntityRecord['entity'] | undefined>;

/** Settings a run reads when it starts. */
export interface RunSettings {
  github(): Promise<Partial<GitHubSettings>>;
  /** The user's entity ref (`greenroom.user`). */
  user(): Promise<string | undefined>;
  /** Whether the user trusts the workspace: its templates run only then. */
  workspaceTrusted(): boolean;
}

/** The wizard's requests: the Templates, one Template's form, and a local run (dry or for real). */
export function registerTemplateRequests(connection: Connection, workspace: WorkspaceCatalog, fullEntityOf: FullEntityOf, settings: RunSettings): void {
  const actions = hostActions(connection, () => settings.github(), false);
  const dryActions = hostActions(connection, () => settings.github(), true);
  connection.onRequest(TemplatesRequest, async () => {
    await workspace.firstLoad;
    const catalog = workspace.catalog;
    return catalog
      .entitiesOfKind('template')
      .filter((record) => !record.failure)
      .map((record) => toSummary(record, catalog))
      .sort((a, b) => a.title.localeCompare(b.title));
  });

  connection.onRequest(PickerEntitiesRequest, async (params) => {
    await workspace.firstLoad;
    return pickerEntities(params, workspace.catalog, settings);
  });

  connection.onRequest(TemplateFormRequest, async ({ ref }) => {
    await workspace.firstLoad;
    const record = workspace.catalog.entity(ref);
    if (!record || record.entity.kind !== 'Template') return null;
    const entity = record.remote ? await fullEntityOf(record) : record.entity;
    if (!entity) return null;
    return templateForm(record, entity, actions);
  });

  connection.onRequest(RunTemplateRequest, async (params) => {
    await workspace.firstLoad;
    const log: string[] = [];
    const record = workspace.catalog.entity(params.ref);
    if (!record || record.entity.kind !== 'Template') return { ok: false, message: `${params.ref} is not a Template in the catalog.`, log };
    if (record.remote) return { ok: false, message: `${record.ref} comes from Backstage; Greenroom runs only the workspace's templates locally.`, log };
    // Checked here as well as in the editor: another client, or a stale wizard, may still ask.
    if (!settings.workspaceTrusted()) return { ok: false, message: 'Templates do not run in an untrusted workspace: trust the workspace to run this one.', log };
    if (!path.isAbsolute(params.targetFolder)) return { ok: false, message: 'The target folder must be an absolute path.', log };
    const user = userOf(await settings.user(), workspace);
    let secrets: Record<string, string>;
    try {
      secrets = openSecrets(params);
    } catch (error) {
      return { ok: false, message: `The run's secrets could not be read: ${error instanceof Error ? error.message : String(error)}`, log };
    }
    // The wizard streams the log of the run it asked for; the dry pass before a real run stays quiet.
    const run = (dryRun: boolean, announce: boolean) =>
      runTemplate(record.entity.spec as unknown as TemplateSpec, {
        parameters: params.parameters,
        secrets,
        source: templateFolder(path.dirname(record.path)),
        templateRef: record.ref,
        // `${{ user.entity }}` and `${{ user.ref }}`: the person the setting names, as the catalog has them.
        user,
        actions: dryRun ? dryActions : actions,
        onLog: (line) => {
          // Secrets stay out of logs, whatever a step prints.
          const message = redact(line.message, secrets);
          log.push(message);
          if (announce) void connection.sendNotification(TemplateLogNotification, { ref: record.ref, stepId: line.stepId, message });
        },
      });
    try {
      // A dry run first, always: it names the files before anything reaches GitHub or the disk.
      const preview = await run(true, params.dryRun);
      const existing = new Set(await existingFiles(params.targetFolder, preview.files.keys()));
      const files: TemplateFileView[] = [...preview.files].sort(([a], [b]) => a.localeCompare(b)).map(([file, contents]) => ({
        path: file,
        size: contents.length,
        // Files fetch:template copies unrendered as binary get no text preview either.
        preview: isBinary(contents) ? undefined : contents.subarray(0, PREVIEW_BYTES).toString('utf8'),
        exists: existing.has(file),
      }));
      if (params.dryRun) return { ok: true, files, log, output: outputView(preview.output), written: [] };
      const overwrite = new Set(params.overwrite ?? []);
      const conflicts = [...existing].filter((file) => !overwrite.has(file));
      if (conflicts.length > 0) return { ok: false, message: `Nothing was written: ${conflicts.length === 1 ? '1 file exists' : `${conflicts.length} files exist`} already and ${conflicts.length === 1 ? 'was' : 'were'} not confirmed: ${conflicts.join(', ')}`, log, files };
      log.length = 0;
      const result = await run(false, true);
      const written = await writeTemplateOutput(params.targetFolder, result.files, overwrite);
      return { ok: true, files, log, output: outputView(result.output), written };
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error), secrets);
      return { ok: false, message, stepId: error instanceof TemplateRunError ? error.stepId : undefined, log };
    }
  });
}

/** What the wizard needs of a Template: its pages, steps, origin, and the actions it cannot run here. */
export async function templateForm(record: EntityRecord, entity: EntityRecord['entity'], hostActions: Record<string, unknown>): Promise<TemplateForm> {
  const spec = (entity.spec ?? {}) as { parameters?: unknown; steps?: unknown };
  const parameters = Array.isArray(spec.parameters) ? spec.parameters : spec.parameters ? [spec.parameters] : [];
  const steps = templateSteps(spec.steps);
  return {
    ref: record.ref,
    title: entityTitle(entity),
    description: typeof entity.metadata.description === 'string' ? entity.metadata.description : undefined,
    pages: await wizardPages(parameterSteps(parameters)),
    steps: steps.map((step, index) => ({ id: step.id ?? `step-${index + 1}`, name: step.name ?? step.id ?? step.action, action: step.action })),
    origin: record.remote ? 'backstage' : 'workspace',
    unsupportedActions: [...new Set(steps.filter((step) => step.if === undefined && !(step.action in LOCAL_ACTIONS) && !(step.action in hostActions)).map((step) => step.action))],
  };
}

/** The steps of a spec as written, those without an action string left out (a half-typed step in a preview). */
export function templateSteps(steps: unknown): TemplateStep[] {
  return (Array.isArray(steps) ? steps : []).filter((step): step is TemplateStep => typeof step === 'object' && step !== null && typeof (step as TemplateStep).action === 'string');
}

function parameterSteps(parameters: unknown[]): Record<string, unknown>[] {
  return parameters.filter((step): step is Record<string, unknown> => typeof step === 'object' && step !== null && !Array.isArray(step));
}

export function userOf(ref: string | undefined, workspace: WorkspaceCatalog): { ref?: string; entity?: unknown } {
  if (!ref) return {};
  const record = userRecord(ref, workspace.catalog);
  return record ? { ref: record.ref, entity: record.entity } : { ref };
}

/** The user's entity: `greenroom.user` names it by ref or, defaulted as Backstage defaults a user's ref, by name. */
function userRecord(setting: string | undefined, catalog: Catalog): EntityRecord | undefined {
  const ref = setting?.trim();
  return ref ? catalog.entity(ref.includes(':') ? ref : `user:default/${ref}`) : undefined;
}

/** A picker's entities: kinds as the tree groups them, narrowed to the user's when asked and the user is known. */
async function pickerEntities({ kinds, mine }: PickerEntitiesParams, catalog: Catalog, settings: RunSettings): Promise<EntityOption[]> {
  const groups = groupEntities(catalog.shownEntities(), 'kind', () => undefined).filter((group) => kinds.length === 0 || kinds.includes(group.key.toLowerCase()));
  let entities = groups.flatMap((group) => group.entities.map((record) => toSummary(record, catalog)));
  // "Mine" needs to know who the user is: greenroom.user; without it every entity is offered.
  const record = mine ? userRecord(await settings.user(), catalog) : undefined;
  const me = record && toSummary(record, catalog);
  if (me) {
    const teams = new Set((me.memberOf ?? []).map((ref) => ref.toLowerCase()));
    entities = entities.filter((entity) =>
      mine === 'groups' ? teams.has(entity.ref.toLowerCase()) : entity.owner !== undefined && (entity.owner.toLowerCase() === me.ref.toLowerCase() || teams.has(entity.owner.toLowerCase())),
    );
  }
  return entities.map((entity) => ({ ref: entity.ref, title: entity.title, kind: entity.kind }));
}
