import * as path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogProblem, ProblemFix } from '../catalog/catalogProblem';
import type { CatalogSource } from '../catalog/catalogSource';
import type { YamlDocument } from '../language/yamlDocuments';

type TemplateProblem = Omit<CatalogProblem, 'path'>;

const ADVICE = "Greenroom's advice (Backstage accepts the template): ";
/** A skeleton is read this far for its checks; a larger one is checked on its first files and bytes. */
const MAX_SKELETON_FILES = 500;
const MAX_FILE_CHARS = 256 * 1024;
const MAX_SKELETON_CHARS = 4 * 1024 * 1024;

/**
 * Checks each `fetch:template` step against the skeleton it renders, as warnings on the step: a value
 * the skeleton uses (`${{ values.x }}`, or `{{ cookiecutter.x }}`) that the step does not pass, and a
 * value the step passes that no file of the skeleton, nor any file name, uses. Skeletons are read
 * through the catalog's source, so only inside the Template's workspace folder; each file read is a
 * dependency of the Template's file, so a change to it checks the Template again.
 */
export async function checkSkeletonValues(source: CatalogSource, templateFile: string, entity: Entity, document: YamlDocument): Promise<{ problems: TemplateProblem[]; files: string[] }> {
  const steps = (entity.spec as { steps?: unknown } | undefined)?.steps;
  if (entity.kind !== 'Template' || !Array.isArray(steps)) return { problems: [], files: [] };
  const problems: TemplateProblem[] = [];
  const files: string[] = [];
  for (const [i, step] of steps.entries()) {
    const input = (step as { action?: unknown; input?: Record<string, unknown> } | null)?.action === 'fetch:template' ? (step as { input?: Record<string, unknown> }).input : undefined;
    const url = input?.url;
    const values = input?.values ?? {};
    // A templated or remote URL, or values handed on as one expression, leave nothing to compare.
    if (typeof url !== 'string' || url.includes('${{') || /^[a-z][\w+.-]*:/i.test(url) || typeof values !== 'object' || values === null || Array.isArray(values)) continue;
    const scope = input?.cookiecutterCompat === true ? 'cookiecutter' : 'values';
    const globbed = await source.glob(templateFile, path.join(path.resolve(path.dirname(templateFile), url), '**'));
    if (globbed.refusal || globbed.files.length === 0) continue;
    const uses = new Map<string, string>();
    let wholeValues = false;
    let budget = MAX_SKELETON_CHARS;
    for (const file of globbed.files.slice(0, MAX_SKELETON_FILES)) {
      if (budget <= 0) break;
      files.push(file);
      const read = await source.readFile(file);
      const relative = path.relative(path.dirname(templateFile), file).split(path.sep).join('/');
      const content = read.ok && !read.text.includes('\0') ? read.text.slice(0, Math.min(MAX_FILE_CHARS, budget)) : '';
      budget -= content.length;
      const text = `${relative}\n${content}`;
      for (const { expression, line } of expressionsIn(text, scope === 'values' ? '${{' : '{{')) {
        if (new RegExp(`\\b${scope}\\b(?!\\s*(?:\\.|\\[))`).test(expression)) wholeValues = true;
        for (const use of expression.matchAll(new RegExp(`\\b${scope}(?:\\.([\\w-]+)|\\[\\s*['"]([^'"]+)['"]\\s*\\])`, 'g'))) {
          const name = use[1] ?? use[2];
          if (!uses.has(name)) uses.set(name, line === 0 ? `in the name ${relative}` : `in ${relative}:${line}`);
        }
      }
    }
    const capped = budget <= 0;
    const passed = values as Record<string, unknown>;
    const valuesPath = ['spec', 'steps', i, 'input', 'values'];
    const stepName = typeof (step as { id?: unknown }).id === 'string' ? `step '${(step as { id: string }).id}'` : `step ${i + 1}`;
    for (const [name, where] of uses) {
      if (Object.hasOwn(passed, name)) continue;
      const range = document.keyRangeOf(valuesPath) ?? document.keyRangeOf(['spec', 'steps', i, 'input', 'url']) ?? document.range;
      problems.push({ range, severity: 'warning', code: 'template-value-not-passed', message: `${ADVICE}the skeleton uses ${scope}.${name} (${where}), which ${stepName} does not pass; it renders empty` });
    }
    if (wholeValues || capped || globbed.cappedAt !== undefined || globbed.files.length > MAX_SKELETON_FILES) continue;
    for (const name of Object.keys(passed)) {
      if (uses.has(name)) continue;
      const range = document.keyRangeOf([...valuesPath, name]);
      if (!range) continue;
      const fix = removeLine(document, [...valuesPath, name], range);
      problems.push({ range, severity: 'warning', code: 'template-value-unused', message: `${ADVICE}${stepName} passes ${scope}.${name}, which no file of its skeleton (${url}) uses`, ...(fix ? { fixes: [fix] } : {}) });
    }
  }
  return { problems, files };
}

/**
 * The expressions of a skeleton's text (`${{ … }}` or `{{ … }}`, and `{% … %}` tags) with the line each starts on,
 * found in one pass: an opening never closed ends the scan instead of being searched again from every later one.
 */
function* expressionsIn(text: string, open: '${{' | '{{'): Generator<{ expression: string; line: number }> {
  let at = 0;
  let line = 0;
  let counted = 0;
  for (;;) {
    const expression = text.indexOf(open, at);
    const tag = text.indexOf('{%', at);
    const start = expression === -1 ? tag : tag === -1 ? expression : Math.min(expression, tag);
    if (start === -1) return;
    const [opening, closing] = start === tag ? ['{%', '%}'] : [open, '}}'];
    const end = text.indexOf(closing, start + opening.length);
    if (end === -1) return;
    for (let i = counted; i < start; i++) if (text.charCodeAt(i) === 10) line++;
    counted = start;
    yield { expression: text.slice(start + opening.length, end), line };
    at = end + closing.length;
  }
}

/** Removing a one-line `name: value` entry: clear when the value ends on the key's line. */
function removeLine(document: YamlDocument, valuePath: (string | number)[], key: NonNullable<ReturnType<YamlDocument['keyRangeOf']>>): ProblemFix | undefined {
  const value = document.rangeOf(valuePath);
  if (!value || value.end.line !== key.start.line) return undefined;
  return { title: `Remove the unused value '${String(valuePath[valuePath.length - 1])}'`, range: { start: { line: key.start.line, character: 0 }, end: { line: key.start.line + 1, character: 0 } }, newText: '' };
}
