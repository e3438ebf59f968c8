import type { Entity } from '@backstage/catalog-model';
import type { CatalogProblem } from '../catalog/catalogProblem';
import { ACTION_OUTPUTS, DEFAULT_SCAFFOLDER_ACTIONS } from './scaffolderActions';
import type { TextIndex, YamlDocument, YamlPath } from '../language/yamlDocuments';

type TemplateProblem = Omit<CatalogProblem, 'path'>;

/** Backstage ingests a template these checks fault: what they find is advice, never an error. */
const ADVICE = "Greenroom's advice (Backstage accepts the template): ";

/**
 * Checks a v1beta3 Template beyond its schema, as warnings: `${{ parameters.x }}` and `${{ steps.id… }}`
 * naming parameters, steps or step outputs that do not exist, parameters nothing uses, step ids used
 * twice, and actions a default scaffolder does not have.
 */
export function checkTemplate(entity: Entity, document: YamlDocument, index: TextIndex, actions: readonly string[] = DEFAULT_SCAFFOLDER_ACTIONS): TemplateProblem[] {
  if (entity.kind !== 'Template' || !String(entity.apiVersion).startsWith('scaffolder.backstage.io/')) return [];
  const spec = (entity.spec ?? {}) as { parameters?: unknown; steps?: unknown; output?: unknown };
  const problems: TemplateProblem[] = [];
  const parameters = parameterNames(spec.parameters);
  const steps = Array.isArray(spec.steps) ? (spec.steps as { id?: unknown; action?: unknown }[]) : [];
  const actionOf = new Map(steps.filter((step) => typeof step?.id === 'string' && typeof step.action === 'string').map((step) => [step.id as string, step.action as string]));
  const usedParameters = new Set<string>();
  // `${{ parameters | dump }}` or `values: ${{ parameters }}` hands on every parameter: none is unused then.
  let wholeParameters = false;

  const seen = new Set<string>();
  steps.forEach((step, i) => {
    if (typeof step?.id === 'string') {
      if (seen.has(step.id)) problems.push({ range: document.rangeOf(['spec', 'steps', i, 'id']) ?? document.range, severity: 'warning', code: 'template-duplicate-step', message: `${ADVICE}step id '${step.id}' is used by an earlier step; each step needs its own id for \${{ steps['${step.id}'].output }} to mean one thing` });
      seen.add(step.id);
    }
    if (typeof step?.action === 'string' && !actions.includes(step.action)) {
      problems.push({ range: document.rangeOf(['spec', 'steps', i, 'action']) ?? document.range, severity: 'warning', code: 'template-unknown-action', message: `${ADVICE}'${step.action}' is not an action of a default Backstage scaffolder; the scaffolder needs a module that provides it` });
    }
  });

  const visit = (value: unknown, path: YamlPath) => {
    if (typeof value === 'string') return checkExpressions(value, path);
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, [...path, i]));
    if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  const checkExpressions = (value: string, path: YamlPath) => {
    if (!value.includes('${{')) return;
    const range = document.rangeOf(path);
    if (!range) return;
    const source = index.text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
    for (const block of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
      if (/\bparameters\b(?!\s*(?:\.|\[))/.test(block[1])) wholeParameters = true;
      // A Secret field's value reaches steps as `secrets.x`, not as a parameter.
      for (const use of block[1].matchAll(/\bsecrets(?:\.([\w-]+)|\[\s*['"]([^'"]+)['"]\s*\])/g)) usedParameters.add(use[1] ?? use[2]);
      for (const use of block[1].matchAll(/\b(parameters|steps)(?:\.([\w-]+)|\[\s*['"]([^'"]+)['"]\s*\])(?:\.output(?:\.([\w-]+)|\[\s*['"]([^'"]+)['"]\s*\]))?/g)) {
        const [written, scope, dotted, bracketed, outputDotted, outputBracketed] = use;
        const name = dotted ?? bracketed;
        const output = outputDotted ?? outputBracketed;
        if (scope === 'parameters') usedParameters.add(name);
        const at = source.indexOf(written);
        const problemRange = at === -1 ? range : { start: index.positionAt(index.offsetAt(range.start) + at), end: index.positionAt(index.offsetAt(range.start) + at + written.length) };
        const known = scope === 'parameters' ? parameters.has(name) : seen.has(name);
        if (!known) {
          const what = scope === 'parameters' ? `parameter '${name}'; the parameters are ${list(parameters)}` : `step '${name}'; the steps are ${list(seen)}`;
          problems.push({ range: problemRange, severity: 'warning', code: scope === 'parameters' ? 'template-unknown-parameter' : 'template-unknown-step', message: `${ADVICE}the template has no ${what}` });
          continue;
        }
        const action = scope === 'steps' ? actionOf.get(name) : undefined;
        const outputs = action === undefined ? undefined : ACTION_OUTPUTS[action];
        if (output === undefined || outputs === undefined || outputs.includes(output)) continue;
        const offered = outputs.length === 0 ? 'gives no output' : `gives ${outputs.map((n) => `'${n}'`).join(', ')}`;
        problems.push({ range: problemRange, severity: 'warning', code: 'template-unknown-step-output', message: `${ADVICE}step '${name}' runs ${action}, which has no output '${output}': it ${offered}` });
      }
    }
  };
  visit(spec.steps, ['spec', 'steps']);
  visit(spec.output, ['spec', 'output']);
  if (!wholeParameters) problems.push(...unusedParameters(spec.parameters, usedParameters, document));
  return problems;
}

/** Parameters of a form page's own properties that no step input and no output uses. */
function unusedParameters(parameters: unknown, used: ReadonlySet<string>, document: YamlDocument): TemplateProblem[] {
  const pages = Array.isArray(parameters) ? parameters : [parameters];
  const problems: TemplateProblem[] = [];
  pages.forEach((page, i) => {
    const properties = (page as { properties?: unknown } | null)?.properties;
    if (typeof properties !== 'object' || properties === null) return;
    const base: YamlPath = Array.isArray(parameters) ? ['spec', 'parameters', i, 'properties'] : ['spec', 'parameters', 'properties'];
    for (const name of Object.keys(properties)) {
      if (used.has(name)) continue;
      const range = document.keyRangeOf([...base, name]);
      if (range) problems.push({ range, severity: 'warning', code: 'template-unused-parameter', message: `${ADVICE}no step and no output uses the parameter '${name}', so what the form asks for it is lost` });
    }
  });
  return problems;
}

/** Every property a parameter form can set, including those behind `dependencies`, `allOf`, `if`/`then`. */
function parameterNames(parameters: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (schema: unknown) => {
    if (Array.isArray(schema)) return schema.forEach(visit);
    if (typeof schema !== 'object' || schema === null) return;
    const object = schema as Record<string, unknown>;
    if (typeof object.properties === 'object' && object.properties !== null) Object.keys(object.properties).forEach((name) => names.add(name));
    for (const key of ['allOf', 'anyOf', 'oneOf', 'then', 'else']) visit(object[key]);
    if (typeof object.dependencies === 'object' && object.dependencies !== null) Object.values(object.dependencies).forEach(visit);
  };
  visit(parameters);
  return names;
}

function list(names: Set<string>): string {
  return names.size === 0 ? 'none' : [...names].map((n) => `'${n}'`).join(', ');
}
