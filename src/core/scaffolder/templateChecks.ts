import type { Entity } from '@backstage/catalog-model';
import type { CatalogProblem } from '../catalog/catalogProblem';
import { DEFAULT_SCAFFOLDER_ACTIONS } from './scaffolderActions';
import type { TextIndex, YamlDocument, YamlPath } from '../language/yamlDocuments';

type TemplateProblem = Omit<CatalogProblem, 'path'>;

/** Backstage ingests a template these checks fault: what they find is advice, never an error. */
const ADVICE = "Greenroom's advice (Backstage accepts the template): ";

/**
 * Checks a v1beta3 Template beyond its schema, as warnings: `${{ parameters.x }}` and `${{ steps.id… }}`
 * naming parameters or steps that do not exist, step ids used twice, and actions a default
 * scaffolder does not have.
 */
export function checkTemplate(entity: Entity, document: YamlDocument, index: TextIndex, actions: readonly string[] = DEFAULT_SCAFFOLDER_ACTIONS): TemplateProblem[] {
  if (entity.kind !== 'Template' || !String(entity.apiVersion).startsWith('scaffolder.backstage.io/')) return [];
  const spec = (entity.spec ?? {}) as { parameters?: unknown; steps?: unknown; output?: unknown };
  const problems: TemplateProblem[] = [];
  const parameters = parameterNames(spec.parameters);
  const steps = Array.isArray(spec.steps) ? (spec.steps as { id?: unknown; action?: unknown }[]) : [];

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
      for (const use of block[1].matchAll(/\b(parameters|steps)(?:\.([\w-]+)|\[\s*['"]([^'"]+)['"]\s*\])/g)) {
        const [written, scope, dotted, bracketed] = use;
        const name = dotted ?? bracketed;
        const known = scope === 'parameters' ? parameters.has(name) : seen.has(name);
        if (known) continue;
        const at = source.indexOf(written);
        const problemRange = at === -1 ? range : { start: index.positionAt(index.offsetAt(range.start) + at), end: index.positionAt(index.offsetAt(range.start) + at + written.length) };
        const what = scope === 'parameters' ? `parameter '${name}'; the parameters are ${list(parameters)}` : `step '${name}'; the steps are ${list(seen)}`;
        problems.push({ range: problemRange, severity: 'warning', code: scope === 'parameters' ? 'template-unknown-parameter' : 'template-unknown-step', message: `${ADVICE}the template has no ${what}` });
      }
    }
  };
  visit(spec.steps, ['spec', 'steps']);
  visit(spec.output, ['spec', 'output']);
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
