import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SkeletonFiles } from '../core/scaffolder/skeletonRenderer';
import { templateFolder } from './templateFolder';

/** Where a template keeps its test cases and their snapshots, beside template.yaml. */
export const TESTS_FOLDER = 'tests';
const VALUES_SUFFIX = '.values.yaml';

export interface TestCaseFiles {
  /** The case's name: its values file's name without `.values.yaml`. */
  name: string;
  valuesFile: string;
  snapshotFile: string;
}

/** The test cases of the template in `templateFile`: each `tests/*.values.yaml`, by name. */
export function testCasesOf(templateFile: string): TestCaseFiles[] {
  const tests = path.join(path.dirname(templateFile), TESTS_FOLDER);
  let entries;
  try {
    entries = readdirSync(tests, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(VALUES_SUFFIX))
    .map((entry) => entry.name.slice(0, -VALUES_SUFFIX.length))
    .sort()
    .map((name) => ({ name, valuesFile: path.join(tests, `${name}${VALUES_SUFFIX}`), snapshotFile: path.join(tests, '__snapshots__', `${name}.snap.yaml`) }));
}

/** A file's text, or undefined when it does not exist. */
export function readTextIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a snapshot whole or not at all: to a temporary file first, then moved over the old one. */
export function writeSnapshot(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, text);
  renameSync(staging, file);
}

/**
 * The template's folder as Backstage's dry run is sent it: every file, read as the local run reads
 * them (no links, nothing outside), except the test cases and snapshots, which are Greenroom's.
 */
export function templateFolderContents(templateFile: string): { path: string; contents: Buffer }[] {
  const folder = templateFolder(path.dirname(templateFile)).folder('.');
  return listFiles(folder, '').map((file) => ({ path: file, contents: folder.read(file) }));
}

function listFiles(folder: SkeletonFiles, dir: string): string[] {
  return folder
    .list(dir)
    .sort()
    .flatMap((entry) => (entry === `${TESTS_FOLDER}/` && dir === '' ? [] : entry.endsWith('/') ? listFiles(folder, `${dir}${entry}`) : [`${dir}${entry}`]));
}

/** Every template.yaml (or .yml) below `root` with test cases, skipping dependencies, Git's folder and hidden folders. */
export function templatesWithTests(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(full);
      else if (entry.isFile() && /^template\.ya?ml$/.test(entry.name) && testCasesOf(full).length > 0) found.push(full);
    }
  };
  visit(root);
  return found;
}
