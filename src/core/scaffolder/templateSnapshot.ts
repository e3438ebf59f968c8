// Template tests: a dry run's files, output and step outcomes as a committed YAML snapshot, and the
// differences between two of them as a person reads them in a review.
import { parse, stringify } from 'yaml';
import { isBinary } from './skeletonRenderer';
import { unifiedDiff } from './lineDiff';
import type { RunResult } from './templateRunner';

/** A file as the snapshot holds it: text as written, anything else as base64. */
export interface SnapshotFile {
  text?: string;
  base64?: string;
  executable?: true;
}

export interface TemplateSnapshot {
  /** Each step's id and whether it ran. */
  steps: Record<string, string>;
  output: unknown;
  files: Record<string, SnapshotFile>;
}

/** One way a dry run differs from what was expected, with the lines that show it. */
export interface SnapshotDifference {
  what: string;
  lines: string[];
}

const HEADER = '# A dry run of this test case, written by `greenroom template test --update`.\n';

/**
 * The snapshot of a run. Secrets' values are replaced by `<secret NAME>` wherever they appear, so that
 * a snapshot committed to a repository never holds one.
 */
export function snapshotOf(result: Pick<RunResult, 'files' | 'steps' | 'output'>, secrets: Record<string, string> = {}): TemplateSnapshot {
  const hide = redactor(secrets);
  const files: Record<string, SnapshotFile> = {};
  for (const [file, contents] of [...result.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const executable = result.files.executable.has(file) ? { executable: true as const } : {};
    files[hide(file)] = isBinary(contents) ? { base64: contents.toString('base64'), ...executable } : { text: hide(contents.toString('utf8')), ...executable };
  }
  return {
    steps: Object.fromEntries(result.steps.map((step) => [step.id, step.status])),
    output: redactValue(result.output, hide),
    files,
  };
}

export function stringifySnapshot(snapshot: TemplateSnapshot): string {
  // Block scalars keep a file's text readable in a diff; no line folding, so lines stay as written.
  return HEADER + stringify(snapshot, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}

/** The snapshot in `text`, or why it cannot be one. */
export function parseSnapshot(text: string): TemplateSnapshot | { error: string } {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    return { error: `it is not YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const snapshot = value as Partial<TemplateSnapshot> | null;
  if (!isMap(snapshot) || !isMap(snapshot.files) || !isMap(snapshot.steps)) return { error: 'it is not a snapshot: files and steps must be maps' };
  for (const [file, entry] of Object.entries(snapshot.files)) {
    if (!isMap(entry) || (typeof entry.text !== 'string' && typeof entry.base64 !== 'string')) return { error: `its file ${file} has neither text nor base64` };
  }
  return { steps: snapshot.steps, output: snapshot.output ?? {}, files: snapshot.files };
}

/**
 * What differs from `expected` in `actual`: files missing, added or changed (with a unified diff), the
 * output, the steps. The labels name the two sides in messages and diff headers.
 */
export function compareSnapshots(expected: TemplateSnapshot, actual: TemplateSnapshot, labels = { expected: 'snapshot', actual: 'dry run' }): SnapshotDifference[] {
  // "in the snapshot", but "in Backstage".
  const side = (label: string) => (/^[A-Z]/.test(label) ? label : `the ${label}`);
  const expectedSide = side(labels.expected);
  const actualSide = side(labels.actual);
  const differences: SnapshotDifference[] = [];
  const names = [...new Set([...Object.keys(expected.files), ...Object.keys(actual.files)])].sort();
  for (const name of names) {
    const before = expected.files[name];
    const after = actual.files[name];
    if (!after) differences.push({ what: `${name}: in ${expectedSide}, not in ${actualSide}`, lines: [] });
    else if (!before) differences.push({ what: `${name}: in ${actualSide}, not in ${expectedSide}`, lines: contentLines(after) });
    else {
      if (Boolean(before.executable) !== Boolean(after.executable)) differences.push({ what: `${name}: ${after.executable ? 'executable' : 'not executable'} in ${actualSide}, ${before.executable ? 'executable' : 'not executable'} in ${expectedSide}`, lines: [] });
      if (before.text !== after.text || before.base64 !== after.base64) {
        const bothText = before.text !== undefined && after.text !== undefined;
        differences.push({ what: `${name}: contents differ`, lines: bothText ? unifiedDiff(before.text!, after.text!, { before: labels.expected, after: labels.actual }) : [`(binary: ${sizeOf(before)} bytes in ${expectedSide}, ${sizeOf(after)} in ${actualSide})`] });
      }
    }
  }
  const yamlOf = (value: unknown) => stringify(value ?? {}, { lineWidth: 0 });
  if (yamlOf(expected.output) !== yamlOf(actual.output)) differences.push({ what: 'output differs', lines: unifiedDiff(yamlOf(expected.output), yamlOf(actual.output), { before: labels.expected, after: labels.actual }) });
  if (yamlOf(expected.steps) !== yamlOf(actual.steps)) differences.push({ what: 'steps differ', lines: unifiedDiff(yamlOf(expected.steps), yamlOf(actual.steps), { before: labels.expected, after: labels.actual }) });
  return differences;
}

/**
 * Secrets shorter than this are left as they are: a value of a letter or two would be replaced inside
 * every word, and is no secret worth hiding.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Replaces each secret's value by its name, longest value first so that one inside another stays hidden. */
export function redactor(secrets: Record<string, string>): (text: string) => string {
  const entries = Object.entries(secrets)
    .filter(([, value]) => value.length >= MIN_REDACTED_LENGTH)
    .sort(([, a], [, b]) => b.length - a.length);
  return (text) => entries.reduce((hidden, [name, value]) => hidden.split(value).join(`<secret ${name}>`), text);
}

function redactValue(value: unknown, hide: (text: string) => string): unknown {
  if (typeof value === 'string') return hide(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, hide));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [hide(key), redactValue(item, hide)]));
  return value;
}

function contentLines(file: SnapshotFile): string[] {
  if (file.text === undefined) return [`(binary, ${sizeOf(file)} bytes)`];
  return unifiedDiff('', file.text, { before: '(none)', after: 'dry run' }).slice(2);
}

function sizeOf(file: SnapshotFile): number {
  return file.text !== undefined ? Buffer.byteLength(file.text) : Buffer.from(file.base64 ?? '', 'base64').length;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
