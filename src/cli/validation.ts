import * as path from 'node:path';
import picomatch from 'picomatch';
import { Catalog } from '../core/catalog/catalog';
import { oneBased } from '../core/catalog/textRange';
import type { CatalogSource } from '../core/catalog/catalogSource';
import { remoteCatalogFile, REMOTE_FIELDS } from '../core/backstage/remoteCatalog';
import { loadBackstageCatalog, validateInBackstage } from '../sources/backstageCatalog';
import type { BackstageRejection } from '../core/backstage/backstageVerdicts';
import { WorkspaceFiles, type WorkspaceFolderSettings } from '../sources/workspaceFiles';
import { locationRefsIn } from '../sources/gitOrigin';
import type { CatalogProblem } from '../core/catalog/catalogProblem';
import type { ProblemSource, ReportedEntity, ReportedProblem, ValidationReport } from './report';

/** validate-entity requests in flight at once. */
const ASKED_AT_ONCE = 8;

export interface ValidationOptions {
  /** The folder validated, as a workspace folder with its settings. */
  folder: WorkspaceFolderSettings;
  /** Files or globs, relative to the folder, to start from instead of its catalog files. */
  roots: readonly string[];
  backstageModules: readonly string[];
  /** The organisation's rules file: by default `.greenroom/rules.yaml` in the folder. */
  rulesFile?: string;
  /** A Backstage whose catalog resolves refs the folder does not define. */
  backstage?: { baseUrl: string; token?: string };
  /** Called now and then while files are read, with how many have been. */
  onProgress?: (filesRead: number) => void;
}

/** Reads the folder's catalog as the editor does, and reports every entity and problem. */
export async function validate(options: ValidationOptions): Promise<ValidationReport> {
  const files = new WorkspaceFiles([options.folder]);
  const source = options.roots.length > 0 ? startingFrom(files, options.folder.folder, options.roots) : files;
  const locationRefsOf = options.backstage ? locationRefsIn([options.folder.folder]) : undefined;
  const catalog = new Catalog(source, { backstageModules: options.backstageModules, rulesFile: options.rulesFile ?? path.join(options.folder.folder, '.greenroom', 'rules.yaml'), locationRefsOf });
  const progress = options.onProgress && setInterval(() => options.onProgress!(catalog.fileReads), 100);
  try {
    if (options.backstage) {
      const { baseUrl, token } = options.backstage;
      const entities = await loadBackstageCatalog({ baseUrl, token, fields: [...REMOTE_FIELDS] });
      await catalog.setRemote(baseUrl, remoteCatalogFile({ baseUrl, appUrl: baseUrl }, entities));
    }
    await catalog.load();
    if (options.backstage) await askBackstage(catalog, options.backstage);
  } finally {
    if (progress) clearInterval(progress);
  }
  const root = options.folder.folder;
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const entities: ReportedEntity[] = catalog
    .entities()
    .filter((record) => !record.remote)
    .map((record) => ({ ref: record.ref, kind: record.entity.kind, file: relative(record.path), line: record.range.start.line + 1, accepted: !record.failure && !record.notIngested }));
  const problems: ReportedProblem[] = [...catalog.problems()]
    .flatMap(([, list]) => list)
    .map((problem) => ({
      file: relative(problem.path),
      ...oneBased(problem.range),
      severity: problem.severity,
      code: problem.code,
      message: problem.message,
      source: sourceOf(problem),
    }))
    .sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return { root, files: catalog.catalogFiles().length, entities, problems };
}

/** Backstage's validate-entity verdict on each entity of a file it reads that it does not have yet, as the editor asks it. */
async function askBackstage(catalog: Catalog, backstage: { baseUrl: string; token?: string }): Promise<void> {
  const questions = catalog.backstageQuestions();
  const rejections: BackstageRejection[] = [];
  for (let i = 0; i < questions.length; i += ASKED_AT_ONCE) {
    await Promise.all(
      questions.slice(i, i + ASKED_AT_ONCE).map(async (question) => {
        const errors = await validateInBackstage(backstage, question.entity, question.locationRef);
        if (errors.length > 0) rejections.push({ baseUrl: question.baseUrl, path: question.path, key: question.key, fingerprint: question.fingerprint, errors, at: new Date().toISOString() });
      }),
    );
  }
  if (rejections.length > 0) await catalog.setBackstageRejections(rejections);
}

function sourceOf(problem: CatalogProblem): ProblemSource {
  if (problem.code === 'organisation-rule' || problem.code === 'rules-file-invalid') return 'organisation';
  return problem.severity === 'error' ? 'backstage' : 'greenroom';
}

/** The folder's files, with the given files and globs as the catalog's roots instead of its catalog-info files. */
function startingFrom(files: WorkspaceFiles, folder: string, roots: readonly string[]): CatalogSource {
  // Globs are resolved as a file at the folder's top would resolve them: only inside the folder.
  const referrer = path.join(folder, 'catalog-info.yaml');
  return {
    listRoots: async (under) => {
      const found = await Promise.all(
        roots.map(async (root) => {
          const named = path.resolve(folder, root);
          if (picomatch.scan(root).isGlob) return (await files.glob(referrer, named)).files;
          const resolved = await files.resolve(referrer, named);
          return resolved.ok ? [resolved.path] : [];
        }),
      );
      const all = [...new Set(found.flat())].sort();
      return under === undefined ? all : all.filter((file) => file === under || file.startsWith(under + path.sep));
    },
    resolve: (referrer, target) => files.resolve(referrer, target),
    glob: (referrer, pattern) => files.glob(referrer, pattern),
    readFile: (file) => files.readFile(file),
    displayPath: (file) => files.displayPath(file),
  };
}
