import Ajv, { type ValidateFunction } from 'ajv';
import type { Entity } from '@backstage/catalog-model';
import rulesSchema from '../../../schemas/greenroom-rules.schema.json';
import type { CatalogProblem, ProblemFix, ProblemSeverity } from './catalogProblem';
import type { EntityRecord } from './catalogFile';
import type { TextRange } from './textRange';
import { parseYamlFile, type YamlDocument } from '../language/yamlDocuments';

/**
 * One of the organisation's own rules (`.greenroom/rules.yaml`), as a platform team writes a
 * scorecard check: which entities it applies to, what must hold, how severe a failure is.
 */
export interface OrganisationRule {
  id: string;
  message: string;
  severity: ProblemSeverity;
  when: { kind?: string[]; type?: string[]; lifecycle?: string[]; namespace?: string[]; tags?: string[] };
  require: RuleRequirement;
}

export interface RuleRequirement {
  field?: string;
  annotation?: string;
  label?: string;
  pattern?: string;
  oneOf?: string[];
  refKind?: string;
  link?: string;
  tag?: string;
  placeholder?: string;
}

export interface RulesFile {
  rules: OrganisationRule[];
  /** Problems in the rules file itself, on its lines: a rule with a problem is left out, the others apply. */
  problems: Omit<CatalogProblem, 'path'>[];
}

/** Compiled when a rules file is first read, not when the server starts (about a tenth of a second, with ajv's meta-schema). */
let rulesValidator: ValidateFunction | undefined;
const validateRules = () => (rulesValidator ??= new Ajv({ allErrors: true }).compile(rulesSchema));

/** Reads a rules file's text; never throws. */
export function readRulesFile(text: string): RulesFile {
  const parsed = parseYamlFile(text);
  const problems: RulesFile['problems'] = parsed.errors.map((error) => ({ range: error.range, severity: 'error', code: 'rules-file-invalid', message: `YAML error: ${error.message}` }));
  const document = parsed.documents.find((candidate) => !candidate.isEmpty);
  if (!document || problems.length > 0) return { rules: [], problems };
  if (typeof document.value !== 'object' || document.value === null) return { rules: [], problems: [{ range: document.range, severity: 'error', code: 'rules-file-invalid', message: 'The rules file: must be a map with a rules list' }] };
  if (validateRules()(document.value)) return { rules: (document.value as { rules: RawRule[] }).rules.map(normalised), problems };
  // Each rule is judged on its own, so one wrong rule does not switch off the rest.
  const raw = (document.value as { rules?: unknown }).rules;
  if (!Array.isArray(raw)) return { rules: [], problems: schemaProblems(document, []) };
  const rules: OrganisationRule[] = [];
  raw.forEach((rule: unknown, index) => {
    if (validateRules()({ rules: [rule] })) {
      rules.push(normalised(rule as RawRule));
      return;
    }
    problems.push(...schemaProblems(document, ['rules', index]));
  });
  return { rules, problems };
}

type RawRule = Omit<OrganisationRule, 'severity' | 'when'> & { severity?: ProblemSeverity; when?: Record<string, string | string[]> };

function normalised(rule: RawRule): OrganisationRule {
  const when: OrganisationRule['when'] = {};
  for (const [key, value] of Object.entries(rule.when ?? {})) when[key as keyof OrganisationRule['when']] = (Array.isArray(value) ? value : [value]).map((item) => item.toLowerCase());
  return { id: rule.id, message: rule.message, severity: rule.severity ?? 'warning', when, require: rule.require };
}

/** Ajv's errors for the rule at `at`, each on the line it is about, in words a rules author reads. */
function schemaProblems(document: YamlDocument, at: (string | number)[]): RulesFile['problems'] {
  const errors = validateRules().errors ?? [];
  // Errors of `oneOf` branches that did not match say little; the oneOf itself says which keys clash.
  const useful = errors.filter((error) => !error.schemaPath.includes('/oneOf/') || error.keyword === 'oneOf');
  return (useful.length ? useful : errors).slice(0, 5).map((error) => {
    const path = [...at, ...error.instancePath.split('/').slice(at.length > 0 ? 3 : 1).filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part))];
    const range = document.rangeOf(path) ?? document.rangeOf(at) ?? document.range;
    const where = path.length ? path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').slice(1) : 'The rules file';
    const detail = error.keyword === 'oneOf' && error.instancePath.endsWith('/require') ? 'name exactly one of field, annotation, label, link or tag, with the refinements that go with it' : error.keyword === 'additionalProperties' ? `unknown key '${String(error.params.additionalProperty)}'` : (error.message ?? 'invalid');
    return { range, severity: 'error' as const, code: 'rules-file-invalid' as const, message: `${where}: ${detail}` };
  });
}

/** The organisation's rules that `record` fails, as problems on the entity's own lines, with a quick fix where one is clear. */
export function checkRules(record: EntityRecord, document: DocumentRanges, rules: readonly OrganisationRule[]): Omit<CatalogProblem, 'path'>[] {
  const problems: Omit<CatalogProblem, 'path'>[] = [];
  for (const rule of rules) {
    if (!applies(rule, record.entity)) continue;
    const failure = failureOf(rule.require, record, document);
    if (!failure) continue;
    problems.push({
      range: failure.range,
      severity: rule.severity,
      code: 'organisation-rule',
      message: `${rule.message} (organisation rule ${rule.id}: ${failure.reason})`,
      ...(failure.fix ? { fixes: [failure.fix] } : {}),
    });
  }
  return problems;
}

function applies(rule: OrganisationRule, entity: Entity): boolean {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const matches = (wanted: string[] | undefined, value: unknown) => !wanted || (typeof value === 'string' && wanted.includes(value.toLowerCase()));
  const tags = Array.isArray(entity.metadata.tags) ? entity.metadata.tags.map((tag) => String(tag).toLowerCase()) : [];
  return (
    matches(rule.when.kind, entity.kind) &&
    matches(rule.when.type, spec.type) &&
    matches(rule.when.lifecycle, spec.lifecycle) &&
    matches(rule.when.namespace, entity.metadata.namespace ?? 'default') &&
    (!rule.when.tags || rule.when.tags.some((tag) => tags.includes(tag)))
  );
}

interface RuleFailure {
  range: TextRange;
  reason: string;
  fix?: ProblemFix;
}

/** Where a document's values and keys are: its YAML, or nothing for an entity read from Backstage. */
export type DocumentRanges = Pick<YamlDocument, 'rangeOf' | 'keyRangeOf'>;

/** For an entity with no text (read from Backstage): findings sit on its name, with no fix. */
const NO_TEXT: DocumentRanges = { rangeOf: () => undefined, keyRangeOf: () => undefined };

function failureOf(require: RuleRequirement, record: EntityRecord, document: DocumentRanges): RuleFailure | undefined {
  const entity = record.entity as unknown as Record<string, unknown>;
  const onName = record.selectionRange;
  if (require.field !== undefined) {
    const path = require.field.split('.');
    const value = path.reduce<unknown>((at, key) => (at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined), entity);
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      return { range: document.rangeOf(path.slice(0, -1)) ? (document.keyRangeOf(path.slice(0, -1)) ?? onName) : onName, reason: `${require.field} is missing`, fix: insertFix(document, path, require.field, require.placeholder) };
    }
    const range = document.rangeOf(path) ?? onName;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (require.pattern !== undefined && !safeTest(require.pattern, text)) return { range, reason: `${require.field} '${text}' does not match ${require.pattern}` };
    if (require.oneOf && !require.oneOf.includes(text)) return { range, reason: `${require.field} '${text}' is not one of ${require.oneOf.join(', ')}` };
    if (require.refKind !== undefined) {
      const ref = record.refs.find((occurrence) => occurrence.path.join('.') === require.field);
      const kind = ref?.target.split(':')[0];
      if (kind?.toLowerCase() !== require.refKind.toLowerCase()) return { range, reason: `${require.field} '${text}' is ${kind ? `a ${kind} ref` : 'not a ref'}, not a ${require.refKind}` };
    }
    return undefined;
  }
  const keyed = require.annotation !== undefined ? { map: 'annotations', key: require.annotation } : require.label !== undefined ? { map: 'labels', key: require.label } : undefined;
  if (keyed) {
    const values = (record.entity.metadata as Record<string, unknown>)[keyed.map];
    const value = values && typeof values === 'object' ? (values as Record<string, unknown>)[keyed.key] : undefined;
    const path = ['metadata', keyed.map, keyed.key];
    const what = `${keyed.map === 'annotations' ? 'annotation' : 'label'} ${keyed.key}`;
    if (value === undefined || value === null || value === '') return { range: document.keyRangeOf(['metadata', keyed.map]) ?? onName, reason: `${what} is missing`, fix: insertFix(document, path, what, require.placeholder) };
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (require.pattern !== undefined && !safeTest(require.pattern, text)) return { range: document.rangeOf(path) ?? onName, reason: `${what} '${text}' does not match ${require.pattern}` };
    return undefined;
  }
  if (require.link !== undefined) {
    const links = Array.isArray(record.entity.metadata.links) ? record.entity.metadata.links : [];
    if (links.some((link) => link && typeof link === 'object' && link.title === require.link)) return undefined;
    return { range: document.keyRangeOf(['metadata', 'links']) ?? onName, reason: `no link titled '${require.link}'` };
  }
  if (require.tag !== undefined) {
    const tags = Array.isArray(record.entity.metadata.tags) ? record.entity.metadata.tags : [];
    if (tags.includes(require.tag)) return undefined;
    return { range: document.keyRangeOf(['metadata', 'tags']) ?? onName, reason: `tag '${require.tag}' is missing`, fix: tags.length === 0 && !document.rangeOf(['metadata', 'tags']) ? insertFix(document, ['metadata', 'tags'], `tag ${require.tag}`, `[${require.tag}]`) : undefined };
  }
  return undefined;
}

/** A pattern from the rules file: one that is not a valid regular expression matches nothing. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/**
 * The edit that adds the missing key at `path` as the first entry of its parent block map (or of
 * its grandparent's, with the parent key too, when the parent is missing), at their indentation.
 */
function insertFix(document: DocumentRanges, path: string[], what: string, placeholder = "'TODO'"): ProblemFix | undefined {
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const parentPath = path.slice(0, depth);
    const parent = document.rangeOf(parentPath);
    const key = document.keyRangeOf(parentPath);
    if (!parent) continue;
    // Only a block map below its key: its first entry's column is the indentation to use.
    if (!key || parent.start.line === key.start.line) return undefined;
    const indent = parent.start.character;
    const missing = path.slice(depth);
    const lines = missing.map((name, level) => `${' '.repeat(level === 0 ? 0 : indent + 2 * level)}${name}:${level === missing.length - 1 ? ` ${placeholder}` : ''}`);
    return { title: `Add ${what}`, range: { start: parent.start, end: parent.start }, newText: `${lines.join('\n')}\n${' '.repeat(indent)}` };
  }
  return undefined;
}

/** How one rule fares across the catalog: what the Catalog Health view shows. */
export interface RuleHealth {
  rule: OrganisationRule;
  /** Entities the rule applies to. */
  applicable: number;
  failing: { record: EntityRecord; reason: string }[];
}

/** Each rule's pass rate over `records` (workspace and Backstage entities Backstage would accept). */
export function ruleHealth(records: readonly EntityRecord[], rules: readonly OrganisationRule[]): RuleHealth[] {
  return rules.map((rule) => {
    const health: RuleHealth = { rule, applicable: 0, failing: [] };
    for (const record of records) {
      if (record.failure || !applies(rule, record.entity)) continue;
      health.applicable++;
      const failure = failureOf(rule.require, record, NO_TEXT);
      if (failure) health.failing.push({ record, reason: failure.reason });
    }
    return health;
  });
}
