// `greenroom template test`: each template's test cases as dry runs, against committed snapshots and, when
// asked, against Backstage's own dry run of the same case.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareSnapshots, parseSnapshot, redactor, snapshotOf, stringifySnapshot, type SnapshotDifference } from '../core/scaffolder/templateSnapshot';
import { parseTemplateFile, parseTestCase } from '../core/scaffolder/templateTestCase';
import { TaskFiles } from '../core/scaffolder/taskFiles';
import { LOCAL_ACTIONS, runTemplate, type RunResult, type TemplateSpec } from '../core/scaffolder/templateRunner';
import { BackstageSourceError } from '../sources/backstageErrors';
import { dryRunOnScaffolder } from '../sources/backstageScaffolder';
import { templateFolder } from '../sources/templateFolder';
import { readTextIfThere, templateFolderContents, testCasesOf, writeSnapshot, type TestCaseFiles } from '../sources/templateTestFiles';
import { dryActions } from '../agents/templateTools';

/** Backstage's dry run runs every template under this ref (its router sets it); the parity run uses it too. */
const BACKSTAGE_DRY_RUN_REF = 'template:default/dry-run';
const BACKSTAGE_TIMEOUT_MS = 120_000;

export interface TemplateTestOptions {
  /** Absolute paths of template.yaml files. */
  templates: readonly string[];
  /** Names files in messages: relative to where the command runs. */
  root: string;
  update: boolean;
  backstage?: { baseUrl: string; token?: string };
  /** Where secrets are read from. */
  env: Readonly<Record<string, string | undefined>>;
  colour: boolean;
  print: (text: string) => void;
}

export interface TemplateTestTally {
  passed: number;
  failed: number;
  written: number;
}

/** A case that cannot be run as written: a values file that is no test case, a secret not in the environment, a Backstage out of reach. */
export class TestSetupError extends Error {}

export async function testTemplates(options: TemplateTestOptions): Promise<TemplateTestTally> {
  const tally: TemplateTestTally = { passed: 0, failed: 0, written: 0 };
  const named = (file: string) => path.relative(options.root, file).split(path.sep).join('/');
  for (const file of options.templates) {
    const parsed = parseTemplateFile(readFileSync(file, 'utf8'));
    if ('error' in parsed) throw new TestSetupError(`${named(file)}: ${parsed.error}`);
    const cases = testCasesOf(file);
    options.print(`${named(file)} (template:${parsed.namespace}/${parsed.name})\n`);
    if (cases.length === 0) options.print(`  no test cases: add ${named(path.join(path.dirname(file), 'tests', '<name>.values.yaml'))}\n`);
    for (const testCase of cases) {
      const outcome = await runCase(file, parsed, testCase, options);
      tally[outcome.verdict]++;
      const mark = { passed: '✓', failed: '✗', written: '✎' }[outcome.verdict];
      options.print(`  ${mark} ${shown(testCase.name)}${outcome.note ? ` — ${shown(outcome.note)}` : ''}\n`);
      for (const difference of outcome.differences) {
        options.print(`      ${shown(difference.what)}\n`);
        for (const line of difference.lines.map(shown)) options.print(`        ${options.colour ? coloured(line) : line}\n`);
      }
    }
  }
  return tally;
}

interface CaseOutcome {
  verdict: keyof TemplateTestTally;
  note?: string;
  differences: SnapshotDifference[];
}

type ParsedTemplate = Exclude<ReturnType<typeof parseTemplateFile>, { error: string }>;

async function runCase(file: string, template: ParsedTemplate, testCase: TestCaseFiles, options: TemplateTestOptions): Promise<CaseOutcome> {
  const parsedCase = parseTestCase(readFileSync(testCase.valuesFile, 'utf8'));
  if ('error' in parsedCase) throw new TestSetupError(`${path.relative(options.root, testCase.valuesFile)}: ${parsedCase.error}`);
  const secrets: Record<string, string> = {};
  for (const [name, variable] of Object.entries(parsedCase.secrets)) {
    const value = options.env[variable];
    if (value === undefined) throw new TestSetupError(`${path.relative(options.root, testCase.valuesFile)}: the secret ${name} is read from the environment variable ${variable}, which is not set`);
    secrets[name] = value;
  }
  const hide = redactor({ ...secrets, ...(options.backstage?.token ? { backstageToken: options.backstage.token } : {}) });
  const run = (templateRef: string) => dryRun(file, template.spec, parsedCase.values, secrets, templateRef);

  const local = await run(`template:${template.namespace}/${template.name}`);
  if ('error' in local) return { verdict: 'failed', note: hide(local.error), differences: [] };
  const actual = snapshotOf(local, secrets);
  const snapshotName = path.relative(path.dirname(file), testCase.snapshotFile).split(path.sep).join('/');
  const outcome = options.update ? updated(testCase.snapshotFile, actual) : compared(testCase.snapshotFile, snapshotName, actual);
  if (!options.backstage || outcome.verdict === 'failed') return outcome;

  const parity = await againstBackstage(options.backstage, template, parsedCase.values, secrets, file, await run(BACKSTAGE_DRY_RUN_REF));
  if (parity.differences.length === 0) return { ...outcome, note: [outcome.note, parity.note ?? 'same as Backstage'].filter(Boolean).join('; ') };
  return { verdict: 'failed', note: `Backstage's dry run differs from Greenroom's${parity.note ? ` (${parity.note})` : ''}`, differences: parity.differences.map((difference) => ({ what: hide(difference.what), lines: difference.lines.map(hide) })) };
}

/** The local dry run: the template's own folder, the local actions, and those that reach outside only saying what they would do. */
async function dryRun(file: string, spec: TemplateSpec, values: Record<string, unknown>, secrets: Record<string, string>, templateRef: string): Promise<RunResult | { error: string }> {
  try {
    return await runTemplate(spec, { parameters: values, secrets, source: templateFolder(path.dirname(file)), templateRef, actions: dryActions(spec.steps, {}) });
  } catch (error) {
    return { error: `the dry run failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function updated(snapshotFile: string, actual: ReturnType<typeof snapshotOf>): CaseOutcome {
  const text = stringifySnapshot(actual);
  if (readTextIfThere(snapshotFile) === text) return { verdict: 'passed', differences: [] };
  writeSnapshot(snapshotFile, text);
  return { verdict: 'written', note: 'snapshot written', differences: [] };
}

function compared(snapshotFile: string, snapshotName: string, actual: ReturnType<typeof snapshotOf>): CaseOutcome {
  const text = readTextIfThere(snapshotFile);
  if (text === undefined) return { verdict: 'failed', note: `no snapshot (${snapshotName}); run greenroom template test --update to write it`, differences: [] };
  const expected = parseSnapshot(text);
  if ('error' in expected) return { verdict: 'failed', note: `${snapshotName} cannot be read: ${expected.error}; run greenroom template test --update to write it again`, differences: [] };
  const differences = compareSnapshots(expected, actual);
  if (differences.length === 0) return { verdict: 'passed', differences };
  return { verdict: 'failed', note: `${differences.length === 1 ? '1 difference' : `${differences.length} differences`} from ${snapshotName}`, differences };
}

/**
 * Backstage's dry run of the same case against Greenroom's: the files always, but not whether they are
 * executable (the dry-run API takes the template's files without their modes); the output only when
 * every step that ran is one Greenroom runs itself, since Backstage's dry run makes up example outputs
 * for the actions it skips (publish:github's remoteUrl is `<example>`).
 */
async function againstBackstage(
  backstage: { baseUrl: string; token?: string },
  template: ParsedTemplate,
  values: Record<string, unknown>,
  secrets: Record<string, string>,
  file: string,
  local: RunResult | { error: string },
): Promise<{ note?: string; differences: SnapshotDifference[] }> {
  let remote;
  try {
    remote = await dryRunOnScaffolder({ ...backstage, timeoutMs: BACKSTAGE_TIMEOUT_MS }, template.document, values, secrets, templateFolderContents(file));
  } catch (error) {
    // Backstage refusing the values, or failing the run, is a verdict on the case; anything else means it could not be asked.
    if (error instanceof BackstageSourceError && (error.kind === 'bad-request' || error.kind === 'server-error')) return { differences: [{ what: error.message, lines: [] }] };
    throw new TestSetupError(`Backstage's dry run could not be run: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ('error' in local) return { differences: [{ what: `Backstage ran the case; Greenroom's ${local.error}`, lines: [] }] };
  const modeless = (entries: Iterable<[string, Buffer]>) => {
    const files = new TaskFiles();
    for (const [file, contents] of entries) files.put(file, contents, false);
    return files;
  };
  const skipped = local.steps.filter((step) => step.status === 'completed' && !(step.action in LOCAL_ACTIONS)).map((step) => step.id);
  const outputOf = (output: Record<string, unknown>) => (skipped.length > 0 ? {} : output);
  const greenroom = snapshotOf({ files: modeless(local.files), steps: [], output: outputOf(local.output) }, secrets);
  const backstageRun = snapshotOf({ files: modeless(remote.files.map((file) => [file.path, file.contents])), steps: [], output: outputOf(remote.output) }, secrets);
  const differences = compareSnapshots(greenroom, backstageRun, { expected: 'Greenroom', actual: 'Backstage' });
  return { note: skipped.length > 0 ? `output not compared: Backstage's dry run skips ${skipped.join(', ')}` : undefined, differences };
}

/**
 * Text from a template's files or Backstage's answer, as the terminal is to show it: control characters (an escape
 * sequence that would move the cursor or rewrite a CI log, a carriage return) are written as `\\xNN`.
 */
export function shown(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function coloured(line: string): string {
  if (line.startsWith('+') && !line.startsWith('+++')) return `\x1b[32m${line}\x1b[0m`;
  if (line.startsWith('-') && !line.startsWith('---')) return `\x1b[31m${line}\x1b[0m`;
  return line.startsWith('@@') ? `\x1b[36m${line}\x1b[0m` : line;
}
