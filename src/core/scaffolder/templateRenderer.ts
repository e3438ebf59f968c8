// Backstage's scaffolder templating, rendered by the engine its scaffolder renders with: nunjitsu, a
// closed interpreter of the nunjucks language with `${{ }}` variables (or cookiecutter's `{{ }}`).
// A template reaches only the values and filters given here: no JavaScript globals, no
// constructors, no process, files or network. Each render is bounded in work and output size.
import {
  createTemplateRenderer,
  TemplateLimitError,
  type TemplateContext as EngineContext,
  type TemplateFilter,
  type TemplateRenderer,
  type TemplateValue,
} from 'nunjitsu';
import { scaffolderFilters } from './templateFilters';

export interface TemplateRenderOptions {
  /** `{{ }}` variables and Jinja's compatibility (the `jsonify` filter), as for fetch:cookiecutter templates. */
  cookiecutterCompat?: boolean;
  /** Drops the first newline after a block tag, as fetch:template's `trimBlocks`. */
  trimBlocks?: boolean;
  /** Strips whitespace before a block tag at the start of a line, as fetch:template's `lstripBlocks`. */
  lstripBlocks?: boolean;
}

/** What `${{ }}` expressions in a template's step inputs can reach. */
export interface TemplateContext {
  parameters: Record<string, unknown>;
  values?: Record<string, unknown>;
  steps?: Record<string, unknown>;
  user?: unknown;
  [name: string]: unknown;
}

/** A render that went past the engine's limits on work, nesting or output: the run stops with it. */
export class TemplateLimitExceeded extends Error {}

/** A renderer with its context prepared once, for the many strings of one step or skeleton. */
export interface BoundRenderer {
  /** Renders text: file contents and names. */
  render(template: string): string;
  /** Renders a value: a sole `${{ }}` expression keeps its type (an object, a number). */
  renderValue(template: string): unknown;
}

/**
 * A renderer over `context`, configured as Backstage's scaffolder configures its own: regular
 * expressions allowed (its `replace` filter takes them), the scaffolder's filters.
 */
export function bindRenderer(context: Record<string, unknown>, options: TemplateRenderOptions = {}): BoundRenderer {
  const engine: TemplateRenderer = createTemplateRenderer({
    allowRegexExecution: true,
    // The filters take and return JSON data; their parameter types are only wider than the engine's.
    filters: scaffolderFilters as unknown as Record<string, TemplateFilter>,
    cookiecutterCompat: options.cookiecutterCompat,
    trimBlocks: options.trimBlocks,
    lstripBlocks: options.lstripBlocks,
  });
  const prepared = engine.prepareContext(plainData(context) as EngineContext);
  return {
    render: (template) => limited(() => engine.render(template, prepared)),
    // The engine hands back frozen, prototype-less copies; actions get ordinary data, as in JSON.
    renderValue: (template) => {
      const value = limited(() => engine.renderValue(template, prepared));
      return typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as unknown) : value;
    },
  };
}

/** One string of a step's input, rendered as Backstage renders it. */
export function renderTemplateString(template: string, context: TemplateContext, options: TemplateRenderOptions = {}): unknown {
  return bindRenderer(context, options).renderValue(template);
}

/**
 * Renders every string inside a step's input, as Backstage does before it runs the action. A
 * string that fails to render stays as written, which is also what Backstage does; a render past
 * the engine's limits stops the run instead, so that a runaway loop is reported, not hidden.
 */
export function renderTemplateValue(input: unknown, context: TemplateContext, options: TemplateRenderOptions = {}): unknown {
  const renderer = bindRenderer(context, options);
  return JSON.parse(JSON.stringify(input) ?? 'null', (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    try {
      return renderer.renderValue(value);
    } catch (error) {
      if (error instanceof TemplateLimitExceeded) throw error;
      return value;
    }
  }) as unknown;
}

function limited<T>(render: () => T): T {
  try {
    return render();
  } catch (error) {
    if (error instanceof TemplateLimitError) throw new TemplateLimitExceeded(`the template went past a rendering limit: ${error.message}`);
    throw error;
  }
}

/** The context as the engine takes it: JSON data only (no undefined, functions or class instances). */
function plainData(context: Record<string, unknown>): TemplateValue {
  return JSON.parse(JSON.stringify(context) ?? '{}') as TemplateValue;
}
