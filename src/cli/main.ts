// `greenroom`: the catalog checks of the editor, on the command line and in CI.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readFolderSettings } from './folderSettings';
import { githubReport } from './formats/github';
import { jsonReport } from './formats/json';
import { sarifReport } from './formats/sarif';
import { textReport } from './formats/text';
import { serveMcp } from './mcpServer';
import { templatesWithTests } from '../sources/templateTestFiles';
import { testTemplates } from './templateTest';
import { countBySeverity, type ValidationReport } from './report';
import { validate } from './validation';

declare const GREENROOM_VERSION: string;

/** Exit codes, as the README documents them. */
const EXIT = { clean: 0, problems: 1, usage: 2 } as const;
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];
/** The token for `--backstage`: from the environment, never a flag, so that it stays out of shell history and process lists. */
const TOKEN_VARIABLE = 'GREENROOM_BACKSTAGE_TOKEN';
const DEFAULT_RULES_FILE = '.greenroom/rules.yaml';

const HELP = `Usage: greenroom validate [folder | files and globs…] [options]
       greenroom template test [template.yaml…] [--update] [--backstage URL]
       greenroom mcp [--workspace FOLDER] [--backstage URL]

Checks Backstage catalog files as the Greenroom editor extension does: every catalog-info.yaml
and every file their Locations reach, placeholders, refs across files, duplicates, Templates and
the organisation's rules.
With no paths, the current folder. Settings come from the folder's .vscode/settings.json.

Options:
  --format text|json|sarif|github  output format (default: text)
  --max-warnings N                 fail when there are more than N warnings (default: no limit)
  --rules FILE                     the organisation's rules (default: .greenroom/rules.yaml, or the
                                   greenroom.catalog.rulesFile setting)
  --backstage URL                  resolve refs against this Backstage's catalog as well, report
                                   its processing errors on the files that caused them, and ask
                                   its validate-entity endpoint about entities of files it reads
                                   that it does not have yet; the token, if needed, in
                                   ${TOKEN_VARIABLE}
  -h, --help                       this text
  -v, --version                    Greenroom's version

greenroom template test runs each template's test cases as dry runs (nothing is written, published
or registered) and compares the files, the output and which steps ran with committed snapshots.
A test case is a file tests/<case>.values.yaml beside template.yaml:
    values:                  # the form's values, by parameter name
      name: payments
    secrets:                 # each secret's value is read from the environment variable named
      npmToken: NPM_TOKEN
Its snapshot is tests/__snapshots__/<case>.snap.yaml; a secret's value is written there as
<secret NAME>. With no paths, every template.yaml below the current folder that has test cases.
  --update                         write the snapshots of the dry runs (failing runs still fail)
  --backstage URL                  also run each case on this Backstage's scaffolder dry run and fail
                                   where its files or output differ from Greenroom's; the token, if
                                   needed, in ${TOKEN_VARIABLE}

greenroom mcp serves the catalog to coding agents: an MCP server on stdin and stdout whose tools
(search_catalog, get_entity, who_owns, get_relations, find_people, get_docs, list_templates,
dry_run_template, validate_catalog) only read, and whose resources are the entities as Markdown.
  --workspace FOLDER               the folder whose catalog it serves (default: the current folder)

Exit codes: 0 no errors (and warnings within --max-warnings), or every test case passed;
1 errors or too many warnings, or a test case failed; 2 a usage error or a folder, file,
environment variable or Backstage that could not be read.
`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'max-warnings': { type: 'string' },
      backstage: { type: 'string' },
      rules: { type: 'string' },
      workspace: { type: 'string' },
      update: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return write(HELP, EXIT.clean);
  if (values.version) return write(`${GREENROOM_VERSION}\n`, EXIT.clean);
  const [command, ...paths] = positionals;
  const backstage = values.backstage === undefined ? undefined : { baseUrl: backstageUrl(values.backstage), token: process.env[TOKEN_VARIABLE] || undefined };
  if (command === 'mcp') {
    if (paths.length > 0) throw new UsageError(`greenroom mcp takes no paths; name the folder with --workspace`);
    const folder = path.resolve(values.workspace ?? '.');
    if (kindOf(folder) !== 'folder') throw new UsageError(`--workspace ${values.workspace} is not a folder`);
    await serveMcp({ folder, backstage }, GREENROOM_VERSION);
    // The server runs until the client closes stdin.
    return new Promise<number>(() => undefined);
  }
  if (values.workspace !== undefined) throw new UsageError('--workspace is for greenroom mcp; greenroom validate takes the folder as its argument');
  if (command === 'template') return templateTest(paths, values.update === true, backstage, values);
  if (values.update) throw new UsageError('--update is for greenroom template test');
  if (command !== 'validate') throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) throw new UsageError(`--max-warnings must be a whole number, not "${values['max-warnings']}"`);

  const { folder, roots } = folderAndRoots(paths);
  const settings = readFolderSettings(folder);
  // A flag's path is the shell's, relative to where the command runs; the setting's is the folder's.
  const rulesFile = values.rules !== undefined ? path.resolve(values.rules) : path.resolve(folder, settings.rulesFile ?? DEFAULT_RULES_FILE);
  // Read like any file the catalog names: only inside the folder validated.
  if (!rulesFile.startsWith(folder + path.sep)) throw new UsageError(`the rules file ${values.rules ?? settings.rulesFile} is outside the folder validated (${folder})`);
  if (values.rules !== undefined && kindOf(rulesFile) !== 'file') throw new UsageError(`--rules ${values.rules} does not exist`);
  const progress = process.stderr.isTTY ? progressLine() : undefined;
  let report: ValidationReport;
  try {
    report = await validate({ folder: { folder, include: settings.include, exclude: settings.exclude }, roots, backstageModules: settings.backstageModules, rulesFile, backstage, onProgress: progress?.update });
  } finally {
    progress?.clear();
  }
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const output = { text: () => textReport(report, colour), json: () => jsonReport(report), sarif: () => sarifReport(report, GREENROOM_VERSION), github: () => githubReport(report) }[format]();
  const counts = countBySeverity(report.problems);
  return write(output, counts.error > 0 || counts.warning > maxWarnings ? EXIT.problems : EXIT.clean);
}

async function templateTest(args: readonly string[], update: boolean, backstage: { baseUrl: string; token?: string } | undefined, values: { format?: string; rules?: string; 'max-warnings'?: string }): Promise<number> {
  const [subcommand, ...named] = args;
  if (subcommand !== 'test') throw new UsageError(subcommand ? `unknown command "template ${subcommand}"; greenroom template test runs template tests` : 'greenroom template needs a command: test');
  if (values.format !== 'text' || values.rules !== undefined || values['max-warnings'] !== undefined) throw new UsageError('--format, --rules and --max-warnings are for greenroom validate');
  for (const file of named) if (kindOf(file) !== 'file') throw new UsageError(`${file} is not a template file`);
  const root = process.cwd();
  const templates = named.length > 0 ? named.map((file) => path.resolve(file)) : templatesWithTests(root);
  if (templates.length === 0) throw new UsageError('no template.yaml below this folder has test cases (tests/<case>.values.yaml beside it)');
  // A case that cannot be set up (a missing secret, Backstage out of reach) throws, and exits with 2 below.
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const tally = await testTemplates({ templates, root, update, backstage, env: process.env, colour, print: (text) => process.stdout.write(text) });
  const cases = tally.passed + tally.failed + tally.written;
  const parts = [`${tally.passed} passed`, `${tally.failed} failed`, ...(tally.written > 0 ? [`${tally.written} snapshot${tally.written === 1 ? '' : 's'} written`] : [])];
  return write(`\n${cases} test case${cases === 1 ? '' : 's'}: ${parts.join(', ')}\n`, tally.failed > 0 ? EXIT.problems : EXIT.clean);
}

/** One folder named: it is validated. Otherwise the current folder, from the files and globs named. */
function folderAndRoots(paths: readonly string[]): { folder: string; roots: string[] } {
  const cwd = process.cwd();
  if (paths.length === 1 && kindOf(paths[0]) === 'folder') return { folder: path.resolve(paths[0]), roots: [] };
  for (const named of paths) {
    if (kindOf(named) === 'missing' && !/[*?[\]{}]/.test(named)) throw new UsageError(`${named} does not exist`);
    if (!path.resolve(named).startsWith(cwd + path.sep)) throw new UsageError(`${named} is outside the current folder; name a folder alone to validate it`);
  }
  // A folder among files stands for the catalog files below it.
  const roots = paths.map((named) => (kindOf(named) === 'folder' ? `${path.relative(cwd, path.resolve(named))}/**/catalog-info.{yaml,yml}` : path.relative(cwd, path.resolve(named))));
  return { folder: cwd, roots };
}

function kindOf(named: string): 'folder' | 'file' | 'missing' {
  const stat = statSync(named, { throwIfNoEntry: false });
  return !stat ? 'missing' : stat.isDirectory() ? 'folder' : 'file';
}

function backstageUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/$/, '');
  } catch {
    // Reported below.
  }
  throw new UsageError(`--backstage must be an http(s) URL, not "${value}"`);
}

/** A line on the terminal saying how far reading has got; nothing when stderr is not a terminal. */
function progressLine(): { update: (files: number) => void; clear: () => void } {
  return {
    update: (files) => process.stderr.write(`\rReading catalog files… ${files.toLocaleString('en-US')}`),
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}

function write(text: string, code: number): number {
  process.stdout.write(text);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`greenroom: ${error instanceof Error ? error.message : String(error)}\n${usage ? 'Run greenroom --help for usage.\n' : ''}`);
    process.exitCode = EXIT.usage;
  },
);
