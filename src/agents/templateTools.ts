import * as path from 'node:path';
import type { EntityRecord } from '../core/catalog/catalogFile';
import { isBinary } from '../core/scaffolder/skeletonRenderer';
import { LOCAL_ACTIONS, runTemplate, TemplateRunError, type TemplateAction, type TemplateSpec, type TemplateStep } from '../core/scaffolder/templateRunner';
import { templateFolder } from '../sources/templateFolder';
import { displayPathOf, findEntity } from './entityLookup';
import { briefOf, clip, ENTITY_BRIEF_SCHEMA, page, pageSchema, PAGING_PROPERTIES, safely, stripUndefined, textOf, ToolInputError, type CatalogTool, type EntityBrief, type Page } from './toolKit';

const MAX_FILE_CHARS = 8_000;
const MAX_LOG_LINES = 100;

export interface Parameter {
  name: string;
  title?: string;
  type?: string;
  description?: string;
  required: boolean;
  enum?: unknown[];
  default?: unknown;
  /** The form's picker (ui:field), when it has one: EntityPicker, OwnerPicker, RepoUrlPicker… */
  field?: string;
}

export interface TemplateBrief extends EntityBrief {
  origin: 'workspace' | 'backstage';
  parameters: Parameter[];
  actions: string[];
}

const PARAMETER_SCHEMA = {
  type: 'object',
  required: ['name', 'required'],
  properties: { name: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' }, required: { type: 'boolean' }, enum: { type: 'array' }, default: {}, field: { type: 'string' } },
};

export const listTemplates: CatalogTool<{ query?: string; limit?: number; cursor?: string }, Page<TemplateBrief>> = {
  name: 'list_templates',
  title: 'List software templates',
  description:
    "Lists the catalog's software templates (kind: Template): what each creates, its owner, the parameters its form asks for (name, type, whether required, choices, default, picker) and the actions its steps run. Use it to find the template for \"a new service\" and the values dry_run_template needs. A template from a connected Backstage lists no parameters here: open it in Greenroom's wizard.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { query: { type: 'string', maxLength: 500, description: 'Words to look for in the templates, typos forgiven.' }, ...PAGING_PROPERTIES },
  },
  outputSchema: pageSchema({
    ...ENTITY_BRIEF_SCHEMA,
    required: [...(ENTITY_BRIEF_SCHEMA.required as string[]), 'origin', 'parameters', 'actions'],
    properties: { ...(ENTITY_BRIEF_SCHEMA.properties as object), origin: { enum: ['workspace', 'backstage'] }, parameters: { type: 'array', items: PARAMETER_SCHEMA }, actions: { type: 'array', items: { type: 'string' } } },
  }),
  async run(input, context) {
    const catalog = await context.catalog();
    const display = displayPathOf(context);
    const query = input.query?.trim();
    const templates = query
      ? (await context.search()).search(`kind:template ${query}`, 200).flatMap((result) => catalog.entity(result.ref) ?? [])
      : catalog
          .entitiesOfKind('template')
          .filter((record) => !record.failure)
          .sort((a, b) => briefOf(a, catalog, display).title.localeCompare(briefOf(b, catalog, display).title));
    return page(templates, input, (record) => ({
      ...briefOf(record, catalog, display),
      origin: record.remote ? ('backstage' as const) : ('workspace' as const),
      parameters: parametersOf(record),
      actions: [...new Set(stepsOf(record).map((step) => String(step.action)))].slice(0, 50),
    }));
  },
};

interface DryRunInput {
  ref: string;
  values?: Record<string, unknown>;
  limit?: number;
  cursor?: string;
}

export interface DryRunAnswer extends Page<{ path: string; size: number; executable?: boolean; content?: string; contentOmitted?: string }> {
  template: string;
  ok: boolean;
  error?: string;
  failedStep?: string;
  steps: { id: string; action: string; status: string }[];
  output: unknown;
  log: string[];
  nextStep: string;
  wizardLink?: string;
}

export const dryRunTemplate: CatalogTool<DryRunInput, DryRunAnswer> = {
  name: 'dry_run_template',
  title: 'Preview what a template would create',
  description:
    "Renders a workspace software template with the given parameter values, as Backstage's scaffolder would, and answers the files it would write (paths, sizes, contents), each step's outcome, the log and the rendered output — writing nothing, creating no repository, registering nothing, and sending nothing anywhere (steps that reach outside, such as publish:github, only say what they would do). Get the template's parameters from list_templates first. A person creates the files for real in Greenroom's template wizard; the answer says how.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['ref'],
    properties: {
      ref: { type: 'string', minLength: 1, maxLength: 500, description: 'The template: template:default/example-nodejs-template, or its name.' },
      values: { type: 'object', description: "The form's values, by parameter name: {\"name\": \"payments\", \"repoUrl\": \"github.com?owner=acme&repo=payments\"}." },
      ...PAGING_PROPERTIES,
    },
  },
  outputSchema: {
    ...pageSchema({
      type: 'object',
      required: ['path', 'size'],
      properties: { path: { type: 'string' }, size: { type: 'integer' }, executable: { type: 'boolean' }, content: { type: 'string' }, contentOmitted: { type: 'string' } },
    }),
    required: ['template', 'ok', 'total', 'items', 'steps', 'log', 'nextStep'],
    properties: {
      ...(pageSchema({}).properties as object),
      template: { type: 'string' },
      ok: { type: 'boolean', description: 'False when a step failed; error and failedStep say why.' },
      error: { type: 'string' },
      failedStep: { type: 'string' },
      steps: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, action: { type: 'string' }, status: { type: 'string' } } } },
      output: {},
      log: { type: 'array', items: { type: 'string' } },
      nextStep: { type: 'string', description: 'How a person creates these files for real.' },
      wizardLink: { type: 'string', description: "A vscode:// link that opens Greenroom's template wizard with these values filled in; absent when the values are too long for a link." },
    },
  },
  async run(input, context) {
    const catalog = await context.catalog();
    const record = findEntity(catalog, await context.search(), input.ref, 'template');
    if (record.entity.kind !== 'Template') throw new ToolInputError(`${record.ref} is not a Template; list_templates lists them.`);
    if (record.remote) throw new ToolInputError(`${record.ref} comes from Backstage; only the workspace's templates are rendered here. Open it in Greenroom's wizard (Greenroom: Create from Template…) to run it on Backstage's scaffolder.`);
    if (!context.workspaceTrusted()) throw new ToolInputError('Templates do not run in an untrusted workspace, not even dry: the user has to trust the workspace first.');
    const values = input.values ?? {};
    const missing = parametersOf(record).filter((parameter) => parameter.required && (values[parameter.name] === undefined || values[parameter.name] === ''));
    if (missing.length > 0) throw new ToolInputError(`values lacks required parameters of ${record.ref}: ${missing.map((parameter) => parameter.name + (parameter.title ? ` (${parameter.title})` : '')).join(', ')}.`);
    const steps = stepsOf(record);
    const user = await context.user?.();
    const userRecord = user ? catalog.entity(user.includes(':') ? user : `user:default/${user}`) : undefined;
    const log: string[] = [];
    // Secrets stay out of the link: the wizard would not fill them in, and a link is easily shared.
    const secretFields = new Set(parametersOf(record).filter((parameter) => parameter.field === 'Secret').map((parameter) => parameter.name));
    const link = wizardLink(record.ref, Object.fromEntries(Object.entries(values).filter(([name]) => !secretFields.has(name))));
    const choose = `run "Greenroom: Create from Template…" in VS Code, choose "${briefOf(record, catalog, displayPathOf(context)).title}" (${record.ref}) and enter these values: ${clip(JSON.stringify(values), 2_000)}`;
    const nextStep = link
      ? `Nothing was written. To create these files, open ${link} : VS Code opens Greenroom's template wizard for ${record.ref} with these values filled in, for a person to review and run (secrets are typed there). Or ${choose}.`
      : `Nothing was written. To create these files, ${choose}.`;
    try {
      const result = await runTemplate(record.entity.spec as unknown as TemplateSpec, {
        parameters: values,
        source: templateFolder(path.dirname(record.path)),
        templateRef: record.ref,
        user: userRecord ? { ref: userRecord.ref, entity: userRecord.entity } : user ? { ref: user } : {},
        actions: dryActions(steps, context.dryRunActions?.() ?? {}),
        onLog: (line) => log.push(clip(line.message, 500)!),
      });
      const files = [...result.files].sort(([a], [b]) => a.localeCompare(b));
      return {
        template: record.ref,
        ok: true,
        ...page(files, input, ([file, contents]) =>
          stripUndefined({
            path: file,
            size: contents.length,
            executable: result.files.executable.has(file) || undefined,
            content: isBinary(contents) ? undefined : clip(contents.toString('utf8'), MAX_FILE_CHARS),
            contentOmitted: isBinary(contents) ? 'binary' : undefined,
          }),
        ),
        steps: result.steps.map((step) => ({ id: step.id, action: step.action, status: step.status })),
        output: safely(() => JSON.parse(clip(JSON.stringify(result.output), 20_000)!) as unknown) ?? { omitted: 'The output is too long to return.' },
        log: log.slice(-MAX_LOG_LINES),
        nextStep,
        wizardLink: link,
      };
    } catch (error) {
      return {
        template: record.ref,
        ok: false,
        error: clip(error instanceof Error ? error.message : String(error)),
        failedStep: error instanceof TemplateRunError ? error.stepId : undefined,
        total: 0,
        items: [],
        steps: [],
        output: {},
        log: log.slice(-MAX_LOG_LINES),
        nextStep: 'Fix the values (or the template) and try again.',
      };
    }
  },
};

/** Values beyond this many characters make no link (the wizard's link handler takes up to 16,000). */
const MAX_LINK_VALUES_CHARS = 8_000;

/**
 * `vscode://greenroom.greenroom/create?template=<ref>&values=<JSON in base64url>`: VS Code asks the person
 * before Greenroom opens it, and the wizard fills in only fields its form declares, never Secret ones.
 * base64url, because VS Code decodes a link's query once before Greenroom sees it: a value holding `&`
 * (a repoUrl does) would otherwise split the query.
 */
export function wizardLink(ref: string, values: Record<string, unknown>): string | undefined {
  const encoded = Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
  if (encoded.length > MAX_LINK_VALUES_CHARS) return undefined;
  return `vscode://greenroom.greenroom/create?template=${encodeURIComponent(ref)}&values=${encoded}`;
}

/** Steps whose actions reach outside the run only say so: a dry run sends nothing anywhere. */
export function dryActions(steps: readonly TemplateStep[], host: Record<string, TemplateAction>): Record<string, TemplateAction> {
  const actions: Record<string, TemplateAction> = { ...host };
  for (const step of steps) {
    const id = String(step.action);
    if (!(id in LOCAL_ACTIONS) && !(id in actions)) actions[id] = ({ log }) => log(`Would run ${id}; in a dry run it does nothing and its output is empty`);
  }
  return actions;
}

function stepsOf(record: EntityRecord): TemplateStep[] {
  const steps = (record.entity.spec as { steps?: unknown } | undefined)?.steps;
  return Array.isArray(steps) ? steps.filter((step): step is TemplateStep => typeof step === 'object' && step !== null) : [];
}

function parametersOf(record: EntityRecord): Parameter[] {
  const declared = (record.entity.spec as { parameters?: unknown } | undefined)?.parameters;
  const pages = (Array.isArray(declared) ? declared : declared ? [declared] : []).filter((step): step is Record<string, unknown> => typeof step === 'object' && step !== null);
  const parameters: Parameter[] = [];
  for (const form of pages) {
    const required = Array.isArray(form.required) ? form.required : [];
    const properties = typeof form.properties === 'object' && form.properties !== null ? (form.properties as Record<string, unknown>) : {};
    for (const [name, schema] of Object.entries(properties)) {
      if (parameters.length >= 100) break;
      const field = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
      parameters.push(
        stripUndefined({
          name: clip(name, 200)!,
          title: clip(textOf(field.title), 200),
          type: textOf(field.type),
          description: clip(textOf(field.description)),
          required: required.includes(name),
          enum: Array.isArray(field.enum) ? field.enum.slice(0, 50) : undefined,
          default: field.default,
          field: textOf(field['ui:field']),
        }),
      );
    }
  }
  return parameters;
}
