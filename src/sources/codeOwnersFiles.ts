// The CODEOWNERS files of workspace folders, read from disk and parsed by core/catalog/codeOwners.ts.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseCodeOwners, type CodeOwnersRule } from '../core/catalog/codeOwners';

/** Where GitHub looks for CODEOWNERS, in its order. */
const CODEOWNERS_PLACES = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** Each workspace folder's CODEOWNERS, read again only when it changes on disk. */
export class CodeOwnersFiles {
  private readonly cache = new Map<string, { file: string; mtimeMs: number; rules: CodeOwnersRule[] }>();

  rulesOf(root: string): { file: string; rules: CodeOwnersRule[] } | undefined {
    for (const place of CODEOWNERS_PLACES) {
      const file = path.join(root, place);
      let mtimeMs: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile() || stat.size > 1_000_000) continue;
        mtimeMs = stat.mtimeMs;
      } catch {
        continue;
      }
      const known = this.cache.get(file);
      if (known?.mtimeMs === mtimeMs) return { file: place, rules: known.rules };
      try {
        const rules = parseCodeOwners(readFileSync(file, 'utf8'));
        this.cache.set(file, { file: place, mtimeMs, rules });
        return { file: place, rules };
      } catch {
        continue;
      }
    }
    return undefined;
  }
}

