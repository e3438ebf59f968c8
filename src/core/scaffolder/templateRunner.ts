// The scaffolder: a Template's steps run as Backstage runs them, over an in-memory workspace.

// Runs a Template's steps the way Backstage's scaffolder does (NunjucksWorkflowRunner): each step's
// `if` and `input` rendered against parameters, secrets, user and earlier steps' outputs, then its
// action, over an in-memory workspace; then `output` rendered. Nothing touches the disk here: the
// caller decides where the files go, once the run succeeded.
import picomatch from 'picomatch';
import { stringify } from 'yaml';
import { renderSkeleton, type Checkpoint, type SkeletonFiles } from './skeletonRenderer';
import { TaskFiles } from './taskFiles';
import { renderTemplateValue, type TemplateContext } from './templateRenderer';
import { safeRelativePath } from './workspacePaths';

export interface TemplateStep {
  id?: string;
  name?: string;
  action: string;
  if?: unknown;
  input?: Record<string, unknown>;
}

export interface TemplateSpec {
  steps: TemplateStep[];
  output?: Record<string, unknown>;
}

/** The template's own folder: skeletons and files its steps fetch with relative URLs. */
export interface TemplateSource {
  /** A skeleton folder, `url` relative to the template (`./skeleton`). */
  folder(url: string): SkeletonFiles;
  /** One file, `url` relative to the template. */
  file(url: string): { contents: Buffer; executable: boolean };
}

export interface ActionContext {
  input: Record<string, unknown>;
  /** The task's workspace: relative `/`-separated paths to contents. */
  files: TaskFiles;
  source: TemplateSource;
  /** The running Template's ref, when it has one. */
  templateRef?: string;
  log: (message: string) => void;
  /** Call before each file rendered: lets other work run, and stops a run past its time limit. */
  checkpoint: Checkpoint;
}

/** An action: what it writes goes to `files`; what it returns is the step's output. */
export type TemplateAction = (context: ActionContext) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

export interface RunOptions {
  parameters: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** `${{ user.entity }}` and `${{ user.ref }}`. */
  user?: { entity?: unknown; ref?: string };
  source: TemplateSource;
  /** The Template's ref: catalog:write records it in `backstage.io/source-template`, as Backstage does. */
  templateRef?: string;
  /** Actions beyond the built-in local ones (catalog:register, publish:github…), by id. */
  actions?: Record<string, TemplateAction>;
  onLog?: (line: LogLine) => void;
  /** How long rendering may take in all, in milliseconds; actions given by the caller do not count. */
  renderTimeLimitMs?: number;
}

/** Rendering a whole run stops past this; each single render is bounded by the engine's own limits. */
export const RENDER_TIME_LIMIT_MS = 60_000;

export interface LogLine {
  stepId?: string;
  message: string;
}

export interface StepResult {
  id: string;
  name: string;
  action: string;
  status: 'completed' | 'skipped';
  output: Record<string, unknown>;
}

export interface RunResult {
  files: TaskFiles;
  steps: StepResult[];
  output: Record<string, unknown>;
  log: LogLine[];
}

/** A step that failed: which one, and why. */
export class TemplateRunError extends Error {
  constructor(
    readonly stepId: string,
    message: string,
  ) {
    super(message);
  }
}

/** The actions that run entirely within the task's workspace. */
export const LOCAL_ACTIONS: Readonly<Record<string, TemplateAction>> = {
  'fetch:template': async ({ input, files, source, checkpoint }) => {
    const url = requireString(input.url, 'url');
    const rendered = await renderSkeleton(
      source.folder(url),
      {
        values: (input.values as Record<string, unknown> | undefined) ?? {},
        copyWithoutTemplating: input.copyWithoutTemplating as string[] | undefined,
        templateFileExtension: input.templateFileExtension as string | boolean | undefined,
        cookiecutterCompat: input.cookiecutterCompat as boolean | undefined,
        trimBlocks: input.trimBlocks as boolean | undefined,
        lstripBlocks: input.lstripBlocks as boolean | undefined,
      },
      checkpoint,
    );
    const prefix = targetPrefix(input.targetPath);
    // Backstage's fetch:template does not replace a file already in the workspace.
    for (const [file, contents] of rendered) if (!files.has(prefix + file)) files.put(prefix + file, contents, rendered.executable.has(file));
  },
  'fetch:plain': ({ input, files, source }) => {
    const folder = source.folder(requireString(input.url, 'url'));
    const prefix = targetPrefix(input.targetPath);
    for (const file of listFolder(folder, '')) files.put(safeRelativePath(prefix + file), folder.read(file), folder.executable(file));
  },
  'fetch:plain:file': ({ input, files, source }) => {
    const { contents, executable } = source.file(requireString(input.url, 'url'));
    files.put(safeRelativePath(requireString(input.targetPath, 'targetPath')), contents, executable);
  },
  'fs:rename': ({ input, files }) => {
    for (const entry of (input.files as { from?: unknown; to?: unknown; overwrite?: unknown }[] | undefined) ?? []) {
      const from = safeRelativePath(requireString(entry.from, 'from'));
      const to = safeRelativePath(requireString(entry.to, 'to'));
      const moved = [...files.keys()].filter((file) => file === from || file.startsWith(`${from}/`));
      if (moved.length === 0) throw new Error(`fs:rename: ${from} does not exist`);
      for (const file of moved) {
        const target = to + file.slice(from.length);
        if (files.has(target) && entry.overwrite !== true) throw new Error(`fs:rename: ${target} already exists (set overwrite: true to replace it)`);
        files.put(target, files.get(file)!, files.executable.has(file));
        files.delete(file);
      }
    }
  },
  'fs:delete': ({ input, files }) => {
    const patterns = ((input.files as unknown[] | undefined) ?? []).map((pattern) => safeRelativePath(requireString(pattern, 'files')));
    const matches = picomatch(patterns, { dot: true });
    for (const file of [...files.keys()]) {
      if (matches(file) || patterns.some((pattern) => file.startsWith(`${pattern}/`))) files.delete(file);
    }
  },
  'debug:log': (context) => {
    const { input, files } = context;
    if (input.message !== undefined) context.log(typeof input.message === 'string' ? input.message : JSON.stringify(input.message));
    if (input.listWorkspace === true || input.listWorkspace === 'with-filenames') context.log(`Workspace:\n${[...files.keys()].sort().map((file) => `  - ${file}`).join('\n')}`);
  },
  'catalog:write': ({ input, files, templateRef }) => {
    const file = safeRelativePath(typeof input.filePath === 'string' && input.filePath ? input.filePath : 'catalog-info.yaml');
    const entity = (input.entity ?? {}) as { metadata?: { annotations?: Record<string, unknown> } };
    const written = templateRef
      ? { ...entity, metadata: { ...entity.metadata, annotations: { ...entity.metadata?.annotations, 'backstage.io/source-template': templateRef } } }
      : entity;
    files.set(file, Buffer.from(stringify(written), 'utf8'));
  },
};

/** Runs `spec`'s steps in order over a fresh workspace. A failing step stops the run with a TemplateRunError. */
export async function runTemplate(spec: TemplateSpec, options: RunOptions): Promise<RunResult> {
  const files = new TaskFiles();
  const log: LogLine[] = [];
  const steps: StepResult[] = [];
  const outputs: Record<string, { output: Record<string, unknown> }> = {};
  const actions = { ...LOCAL_ACTIONS, ...options.actions };
  const context = (): TemplateContext => ({ parameters: options.parameters, secrets: options.secrets ?? {}, user: options.user ?? {}, steps: outputs });
  const clock = new RenderClock(options.renderTimeLimitMs ?? RENDER_TIME_LIMIT_MS);

  for (const [index, step] of spec.steps.entries()) {
    const id = step.id ?? `step-${index + 1}`;
    const name = step.name ?? id;
    const emit = (message: string) => {
      const line = { stepId: id, message };
      log.push(line);
      options.onLog?.(line);
    };
    const render = (value: unknown) => {
      clock.check(id);
      try {
        return renderTemplateValue(value, context());
      } catch (error) {
        throw new TemplateRunError(id, `Step ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    if (step.if !== undefined && !isTruthy(render(step.if))) {
      emit(`Skipping step ${id} because its if condition was false`);
      steps.push({ id, name, action: step.action, status: 'skipped', output: {} });
      continue;
    }
    const action = actions[step.action];
    if (!action) throw new TemplateRunError(id, `Step ${name} uses the action ${step.action}, which Greenroom cannot run locally; run the template on a Backstage scaffolder instead.`);
    emit(`Beginning step ${name}`);
    const input = (render(step.input ?? {}) ?? {}) as Record<string, unknown>;
    const checkpoint: Checkpoint = async (file) => {
      await new Promise((resolve) => setTimeout(resolve));
      clock.check(id, file);
    };
    let output: Record<string, unknown>;
    try {
      const run = () => action({ input, files, source: options.source, templateRef: options.templateRef, log: emit, checkpoint });
      output = (await (step.action in LOCAL_ACTIONS ? run() : clock.excluding(run))) ?? {};
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      emit(`Step ${name} failed: ${why}`);
      throw new TemplateRunError(id, `Step ${name} (${step.action}) failed: ${why}`);
    }
    outputs[id] = { output };
    steps.push({ id, name, action: step.action, status: 'completed', output });
    emit(`Finished step ${name}`);
  }
  let output: Record<string, unknown>;
  try {
    clock.check('output');
    output = renderOutput(spec.output ?? {}, context());
  } catch (error) {
    throw new TemplateRunError('output', `The template's output failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { files, steps, output, log };
}

/** Time spent rendering, from the run's start, less the time the caller's actions took (a push, a registration). */
class RenderClock {
  private readonly started = Date.now();
  private excluded = 0;

  constructor(private readonly limitMs: number) {}

  check(stepId: string, file?: string): void {
    if (Date.now() - this.started - this.excluded <= this.limitMs) return;
    const where = file ? ` at ${file}` : '';
    throw new TemplateRunError(stepId, `Rendering took longer than ${Math.round(this.limitMs / 1000)} s and was stopped in step ${stepId}${where}`);
  }

  async excluding<T>(work: () => Promise<T> | T): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.excluded += Date.now() - started;
    }
  }
}

/** `output` rendered, with list items whose `if` is false left out (conditional links and text). */
function renderOutput(output: Record<string, unknown>, context: TemplateContext): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    if (!Array.isArray(value)) {
      rendered[key] = renderTemplateValue(value, context);
      continue;
    }
    rendered[key] = value
      .filter((item) => typeof item !== 'object' || item === null || !('if' in item) || isTruthy(renderTemplateValue((item as { if: unknown }).if, context)))
      .map((item) => {
        if (typeof item !== 'object' || item === null || !('if' in item)) return renderTemplateValue(item, context);
        const rest = { ...(item as Record<string, unknown>) };
        delete rest.if;
        return renderTemplateValue(rest, context);
      });
  }
  return rendered;
}

/** As the scaffolder decides an `if`: an empty list and the falsy values skip. */
export function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`input ${name} must be a non-empty string`);
  return value;
}

function targetPrefix(targetPath: unknown): string {
  if (targetPath === undefined || targetPath === '' || targetPath === './' || targetPath === '.') return '';
  const path = safeRelativePath(requireString(targetPath, 'targetPath'));
  return path === '' ? '' : `${path}/`;
}

function listFolder(folder: SkeletonFiles, dir: string): string[] {
  return [...folder.list(dir)].sort().flatMap((entry) => (entry.endsWith('/') ? listFolder(folder, `${dir}${entry}`) : [`${dir}${entry}`]));
}
