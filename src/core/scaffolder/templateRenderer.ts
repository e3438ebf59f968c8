// Backstage's scaffolder templating: nunjucks with `${{ }}` variables (or
// cookiecutter's `{{ }}`), no HTML escaping, and the scaffolder's filters.
import * as nunjucks from 'nunjucks';
import { scaffolderFilters } from './templateFilters';

export interface TemplateRenderOptions {
  /** `{{ }}` variables and the `jsonify` filter, as for fetch:cookiecutter templates. */
  cookiecutterCompat?: boolean;
  /** Filters of a Backstage instance beyond the built-in ones. */
  filters?: Record<string, (value: unknown, ...args: unknown[]) => unknown>;
}

/** What `${{ }}` expressions in a template's step inputs can reach. */
export interface TemplateContext {
  parameters: Record<string, unknown>;
  values?: Record<string, unknown>;
  steps?: Record<string, unknown>;
  user?: unknown;
  [name: string]: unknown;
}

const valueFilter = '__greenroomValue';

/** A renderer to reuse across the files of one skeleton. */
export function createTemplateEnvironment(options: TemplateRenderOptions = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    tags: options.cookiecutterCompat ? { variableStart: '{{', variableEnd: '}}' } : { variableStart: '${{', variableEnd: '}}' },
  });
  for (const [name, filter] of Object.entries({ ...scaffolderFilters, ...options.filters })) {
    env.addFilter(name, filter as (...args: unknown[]) => unknown);
  }
  if (options.cookiecutterCompat) env.addFilter('jsonify', env.getFilter('dump'));
  return env;
}

/**
 * Renders one string of a template's step inputs. When the whole string is a
 * single `${{ }}` expression the value keeps its type (an object, a number),
 * as Backstage hands actions the raw value rather than its text.
 */
export function renderTemplateString(template: string, context: TemplateContext, options: TemplateRenderOptions = {}): unknown {
  const env = createTemplateEnvironment(options);
  const [start, end] = options.cookiecutterCompat ? ['{{', '}}'] : ['${{', '}}'];
  const sole = template.startsWith(start) && template.endsWith(end) ? template.slice(start.length, -end.length) : undefined;
  // An inner `}}` or `{{` means more than one tag; those render as text.
  if (sole !== undefined && !sole.includes('}}') && !sole.includes('{{') && !sole.includes('{%') && !sole.includes('{#')) {
    let value: unknown;
    env.addFilter(valueFilter, (v: unknown) => {
      value = v;
      return '';
    });
    env.renderString(`${start} (${sole}) | ${valueFilter} ${end}`, context);
    return value;
  }
  return env.renderString(template, context);
}

/**
 * Renders every string inside a step's input, as Backstage does before it
 * runs the action. A string that fails to render stays as written, which is
 * also what Backstage does.
 */
export function renderTemplateValue(input: unknown, context: TemplateContext, options: TemplateRenderOptions = {}): unknown {
  return JSON.parse(JSON.stringify(input) ?? 'null', (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    try {
      return renderTemplateString(value, context, options);
    } catch {
      return value;
    }
  }) as unknown;
}
