// fetch:template's output for a skeleton directory: templated file names and
// contents, with the files Backstage leaves untouched copied byte for byte.
import picomatch from 'picomatch';
import { TaskFiles } from './taskFiles';
import { bindRenderer, TemplateLimitExceeded } from './templateRenderer';
import { safeRelativePath, SkeletonError } from './workspacePaths';

export { SkeletonError };

/** Read access to a skeleton directory; paths are relative and `/`-separated. */
export interface SkeletonFiles {
  /** The entries of a directory ('' is the skeleton itself); subdirectories end with `/`. */
  list(dir: string): string[];
  read(file: string): Buffer;
  /** Whether the file is executable: its output keeps that. */
  executable(file: string): boolean;
}

export interface SkeletonInput {
  values: Record<string, unknown>;
  /** Globs of files whose contents are copied as they are; their names are still rendered. */
  copyWithoutTemplating?: string[];
  /** Only files with this extension are rendered, and lose it; `true` means `.njk`. */
  templateFileExtension?: string | boolean;
  cookiecutterCompat?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
}

/** Called before each file: yields to other work, and throws once the run is out of time. */
export type Checkpoint = (file: string) => Promise<void>;

/** The rendered skeleton: output path (relative, `/`-separated) to contents, executable files marked. */
export async function renderSkeleton(files: SkeletonFiles, input: SkeletonInput, checkpoint: Checkpoint = () => Promise.resolve()): Promise<TaskFiles> {
  const extension = extensionOf(input.templateFileExtension);
  if (extension && (input.copyWithoutTemplating || input.cookiecutterCompat)) {
    throw new SkeletonError('templateFileExtension cannot be combined with copyWithoutTemplating or cookiecutterCompat');
  }
  const copyOnly = picomatch(input.copyWithoutTemplating ?? [], { dot: true });
  const context = { [input.cookiecutterCompat ? 'cookiecutter' : 'values']: input.values };
  const renderer = bindRenderer(context, input);
  const renderIn = (file: string, template: string) => {
    try {
      return renderer.render(template);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new (error instanceof TemplateLimitExceeded ? TemplateLimitExceeded : SkeletonError)(`${file}: ${why}`);
    }
  };
  const output = new TaskFiles();
  for (const file of listFiles(files, '')) {
    await checkpoint(file);
    let target = file;
    let render: boolean;
    if (extension) {
      render = file.endsWith(extension) && !file.slice(file.lastIndexOf('/') + 1).startsWith(extension);
      if (render) target = file.slice(0, -extension.length);
    } else {
      render = !copyOnly(file);
    }
    target = renderIn(file, target);
    // A name that renders empty, here or in a parent directory, leaves the file out.
    if (target === '' || target.startsWith('/') || target.includes('//')) continue;
    target = safeRelativePath(target);
    // Two files rendering to one path: the first stays, as Backstage does not replace.
    if (output.has(target)) continue;
    const contents = files.read(file);
    output.put(target, render && !isBinary(contents) ? Buffer.from(renderIn(file, contents.toString('utf8')), 'utf8') : contents, files.executable(file));
  }
  return output;
}

function extensionOf(option: string | boolean | undefined): string | undefined {
  if (!option) return undefined;
  const extension = option === true ? 'njk' : option;
  return extension.startsWith('.') ? extension : `.${extension}`;
}

function listFiles(files: SkeletonFiles, dir: string): string[] {
  return [...files.list(dir)].sort().flatMap((entry) => (entry.endsWith('/') ? listFiles(files, `${dir}${entry}`) : [`${dir}${entry}`]));
}

// Like the isbinaryfile check Backstage uses: a NUL byte, text that is not
// UTF-8, or many control characters in the first 512 bytes.
export function isBinary(contents: Buffer): boolean {
  const head = contents.subarray(0, 512);
  if (head.includes(0)) return true;
  let suspicious = 0;
  for (const byte of head) if (byte < 7 || (byte > 13 && byte < 32)) suspicious++;
  if (suspicious > head.length * 0.1) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(contents.subarray(0, Math.min(contents.length, 508)), { stream: true });
    return false;
  } catch {
    return true;
  }
}
