import { parse } from 'yaml';
import type { TemplateSpec } from './templateRunner';

/**
 * A template test case, as a `tests/<name>.values.yaml` file beside the template holds it: the
 * form's values, and for each secret the environment variable that holds its value, so that no
 * secret is committed.
 *
 * ```yaml
 * values:
 *   name: payments
 * secrets:
 *   npmToken: NPM_TOKEN
 * ```
 */
export interface TemplateTestCase {
  values: Record<string, unknown>;
  /** Secret name to the environment variable holding it. */
  secrets: Record<string, string>;
}

/** The test case in a values file's text, or why it is not one. */
export function parseTestCase(text: string): TemplateTestCase | { error: string } {
  let value: unknown;
  try {
    // No aliases: a values file is data, and an alias bomb would be its only use.
    value = parse(text, { maxAliasCount: 0 }) ?? {};
  } catch (error) {
    return { error: `it is not YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isMap(value)) return { error: 'it must be a map with values (and secrets)' };
  const unknown = Object.keys(value).filter((key) => key !== 'values' && key !== 'secrets');
  if (unknown.length > 0) return { error: `it has ${unknown.map((key) => `'${key}'`).join(', ')}; a values file holds only values and secrets` };
  const values = value.values ?? {};
  const secrets = value.secrets ?? {};
  if (!isMap(values)) return { error: 'values must be a map of parameter names to values' };
  if (!isMap(secrets) || Object.values(secrets).some((variable) => typeof variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))) {
    return { error: 'secrets must map each secret name to the name of the environment variable that holds it' };
  }
  return { values, secrets: secrets as Record<string, string> };
}

/** The one Template a template file holds, or why it holds none. */
export function parseTemplateFile(text: string): { name: string; namespace: string; document: Record<string, unknown>; spec: TemplateSpec } | { error: string } {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, merge: false });
  } catch (error) {
    return { error: `it is not a single YAML document: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isMap(value) || value.kind !== 'Template' || !isMap(value.metadata) || typeof value.metadata.name !== 'string' || !isMap(value.spec) || !Array.isArray(value.spec.steps)) {
    return { error: 'it holds no Template with a name and steps' };
  }
  const namespace = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : 'default';
  return { name: value.metadata.name, namespace, document: value, spec: value.spec as unknown as TemplateSpec };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
