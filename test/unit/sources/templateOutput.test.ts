import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TaskFiles } from '../../../src/core/scaffolder/taskFiles';
import { writeTemplateOutput } from '../../../src/sources/templateOutput';

describe('writing a template run\'s files', () => {
  let target: string;
  beforeEach(() => (target = mkdtempSync(path.join(tmpdir(), 'greenroom-output-'))));
  afterEach(() => rmSync(target, { recursive: true, force: true }));
  const files = (entries: Record<string, string>, executable: string[] = []) => {
    const task = new TaskFiles();
    for (const [file, text] of Object.entries(entries)) task.put(file, Buffer.from(text), executable.includes(file));
    return task;
  };

  it('writes every file and leaves no staging folder', async () => {
    await writeTemplateOutput(target, files({ 'a.txt': 'a', 'src/b.txt': 'b' }), new Set());
    assert.deepEqual(readdirSync(target).sort(), ['a.txt', 'src']);
    assert.equal(readFileSync(path.join(target, 'src/b.txt'), 'utf8'), 'b');
  });

  it('writes executable files executable', async () => {
    await writeTemplateOutput(target, files({ 'gradlew': '#!/bin/sh\n', 'README.md': '#' }, ['gradlew']), new Set());
    assert.equal(statSync(path.join(target, 'gradlew')).mode & 0o111, 0o111);
    assert.equal(statSync(path.join(target, 'README.md')).mode & 0o111, 0);
  });

  it('refuses, before writing anything, a path blocked by a file where a folder must go', async () => {
    writeFileSync(path.join(target, 'src'), 'a file, not a folder');
    await assert.rejects(writeTemplateOutput(target, files({ 'a.txt': 'a', 'src/b.txt': 'b' }), new Set()), /src\/b\.txt cannot be written: src is a file/);
    assert.deepEqual(readdirSync(target), ['src'], 'nothing written');
  });

  it('takes everything back, and puts back what it replaced, when a move fails halfway', async () => {
    writeFileSync(path.join(target, 'a.txt'), 'mine');
    let moves = 0;
    const failSecond = async (from: string, to: string) => {
      if (++moves === 2) throw new Error('disk full');
      await rename(from, to);
    };
    await assert.rejects(writeTemplateOutput(target, files({ 'a.txt': 'new', 'b.txt': 'new' }), new Set(['a.txt']), failSecond), /disk full/);
    assert.equal(readFileSync(path.join(target, 'a.txt'), 'utf8'), 'mine', 'restored');
    assert.deepEqual(readdirSync(target), ['a.txt'], 'nothing else left');
  });
});
