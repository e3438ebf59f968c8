/**
 * A scaffolder task's workspace: contents by relative, `/`-separated path, and which files are
 * executable. Backstage's fetch actions keep a skeleton file's mode and its publishers commit it, so a
 * template's `gradlew` stays runnable; so does Greenroom's.
 */
export class TaskFiles extends Map<string, Buffer> {
  readonly executable = new Set<string>();

  /** Sets a file's contents and whether it is executable. */
  put(file: string, contents: Buffer, executable: boolean): this {
    this.set(file, contents);
    if (executable) this.executable.add(file);
    else this.executable.delete(file);
    return this;
  }

  // `set` keeps a file's mark, as writing over a file keeps its mode (catalog:write over an executable).

  override delete(file: string): boolean {
    this.executable.delete(file);
    return super.delete(file);
  }

  override clear(): void {
    this.executable.clear();
    super.clear();
  }
}
