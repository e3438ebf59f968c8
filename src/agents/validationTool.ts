import * as path from 'node:path';
import type { Catalog } from '../core/catalog/catalog';
import { oneBased } from '../core/catalog/textRange';
import { readCatalogFile, type CatalogFile } from '../core/catalog/catalogFile';
import type { CatalogProblem } from '../core/catalog/catalogProblem';
import type { CatalogSource } from '../core/catalog/catalogSource';
import { displayPathOf, workspacePath } from './entityLookup';
import { clip, page, pageSchema, PAGING_PROPERTIES, ToolInputError, type CatalogTool, type Page } from './toolKit';

/** YAML text given inline is parsed on the calling thread: past this size a hostile text could stall it. */
const MAX_TEXT_CHARS = 256 * 1024;

interface ValidateInput {
  path?: string;
  text?: string;
  limit?: number;
  cursor?: string;
}

export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export interface ValidateAnswer extends Page<Diagnostic> {
  file: string;
  /** `catalog`: the file as the catalog has it, refs across files and Locations included; `file`: this text or file alone. */
  checkedAs: 'catalog' | 'file';
  errors: number;
  warnings: number;
  entities: { ref: string; kind: string; accepted: boolean; line: number }[];
}

export const validateCatalog: CatalogTool<ValidateInput, ValidateAnswer> = {
  name: 'validate_catalog',
  title: 'Check a catalog file',
  description:
    "Checks a catalog file as the editor and Backstage would: YAML syntax, Backstage's validation (an error is something Backstage would refuse to ingest), refs to entities missing from the catalog, duplicates, Location targets and Template checks (warnings and info are Greenroom's advice). Give path for a file in the workspace, text for YAML not saved yet (with path too, it is checked as that file's new content). For a saved file the catalog already reads, the answer is exactly the editor's diagnostics; otherwise the file is checked on its own against the catalog's entities. Lines and columns are 1-based. Use it after writing or editing a catalog-info.yaml.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, maxLength: 4_096, description: 'A catalog file in the workspace, relative to it or absolute.' },
      text: { type: 'string', maxLength: MAX_TEXT_CHARS, description: 'YAML to check, one or more entities separated by ---.' },
      ...PAGING_PROPERTIES,
    },
  },
  outputSchema: {
    ...pageSchema({
      type: 'object',
      required: ['line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message'],
      properties: { line: { type: 'integer' }, column: { type: 'integer' }, endLine: { type: 'integer' }, endColumn: { type: 'integer' }, severity: { enum: ['error', 'warning', 'info'] }, code: { type: 'string' }, message: { type: 'string' } },
    }),
    required: ['file', 'checkedAs', 'errors', 'warnings', 'entities', 'total', 'items'],
    properties: {
      ...(pageSchema({}).properties as object),
      file: { type: 'string' },
      checkedAs: { enum: ['catalog', 'file'] },
      errors: { type: 'integer' },
      warnings: { type: 'integer' },
      entities: { type: 'array', items: { type: 'object', properties: { ref: { type: 'string' }, kind: { type: 'string' }, accepted: { type: 'boolean' }, line: { type: 'integer' } } } },
    },
  },
  async run(input, context) {
    if (input.path === undefined && input.text === undefined) throw new ToolInputError('Give path or text (or both).');
    const catalog = await context.catalog();
    const display = displayPathOf(context);
    const folders = context.folders();
    if (folders.length === 0) throw new ToolInputError('No workspace folder is open.');
    const { absolute } = input.path === undefined ? { absolute: path.join(folders[0], 'catalog-info.yaml') } : workspacePath(context, input.path);
    if (input.path !== undefined && input.text === undefined) await context.refresh?.(absolute);
    let problems: readonly CatalogProblem[];
    let entities: ValidateAnswer['entities'];
    let checkedAs: ValidateAnswer['checkedAs'];
    if (input.text === undefined && catalog.isCatalogFile(absolute)) {
      checkedAs = 'catalog';
      problems = catalog.problems().get(absolute) ?? [];
      entities = catalog
        .entities()
        .filter((record) => record.path === absolute)
        .map((record) => ({ ref: record.ref, kind: String(record.entity.kind), accepted: !record.failure && !record.notIngested, line: record.range.start.line + 1 }));
    } else {
      checkedAs = 'file';
      const source = input.text === undefined ? context.source() : withText(context.source(), absolute, input.text);
      const file = await readCatalogFile(source, absolute, { skipSkeletons: false, modules: context.backstageModules(), rules: catalog.organisationRules() });
      if (file.readFailure === 'missing') throw new ToolInputError(`${clip(input.path, 300)} does not exist; give text to check YAML that is not saved.`);
      problems = [...file.problems, ...unresolvedRefs(file, catalog)];
      entities = file.entities.map((record) => ({ ref: record.ref, kind: String(record.entity.kind), accepted: !record.failure, line: record.range.start.line + 1 }));
    }
    const diagnostics = [...problems]
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
      .map((problem) => ({
        ...oneBased(problem.range),
        severity: problem.severity,
        code: problem.code,
        message: clip(problem.message)!,
      }));
    return {
      file: display(absolute),
      checkedAs,
      errors: diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
      warnings: diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
      entities: entities.slice(0, 200),
      ...page(diagnostics, input),
    };
  },
};

/** The file's own text in place of the disk's, as an unsaved editor's; every other read goes to the workspace. */
function withText(source: CatalogSource, file: string, text: string): CatalogSource {
  return {
    listRoots: (under) => source.listRoots(under),
    resolve: (referrer, target) => source.resolve(referrer, target),
    glob: (referrer, pattern) => source.glob(referrer, pattern),
    readFile: (named) => (named === file ? Promise.resolve({ ok: true, text }) : source.readFile(named)),
    displayPath: (named) => source.displayPath?.(named) ?? named,
  };
}

/** Refs a file writes to entities neither it nor the catalog defines: the warning the editor gives. */
function unresolvedRefs(file: CatalogFile, catalog: Catalog): CatalogProblem[] {
  const own = new Set(file.entities.map((record) => record.key));
  return file.entities.flatMap((record) =>
    record.refs
      .filter((ref) => !own.has(ref.target.toLowerCase()) && !catalog.entity(ref.target))
      .map((ref) => ({ path: file.path, range: ref.range, severity: 'warning' as const, code: 'unresolved-ref' as const, message: `${ref.target} is not in the catalog.` })),
  );
}
