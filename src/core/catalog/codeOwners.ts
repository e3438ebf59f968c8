import picomatch from 'picomatch';

/** One line of a CODEOWNERS file: a pattern and the owners it names, as written (`@org/team`, `@user`, an email). */
export interface CodeOwnersRule {
  pattern: string;
  owners: string[];
  line: number;
  matches(relativePath: string): boolean;
}

/**
 * Reads a CODEOWNERS file as GitHub does: `#` comments, a pattern then owners per line, patterns in
 * gitignore's syntax (a leading `/` anchors at the root, a trailing `/` means a folder and all below
 * it, a pattern without `/` matches at any depth), and the last matching line wins.
 */
export function parseCodeOwners(text: string): CodeOwnersRule[] {
  const rules: CodeOwnersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({ pattern, owners, line: index + 1, matches: matcher(pattern) });
  });
  return rules;
}

/** The rule that decides a path (relative to the repository's root, `/`-separated): the last that matches. */
export function codeOwnersOf(rules: readonly CodeOwnersRule[], relativePath: string): CodeOwnersRule | undefined {
  for (let index = rules.length - 1; index >= 0; index--) if (rules[index].matches(relativePath)) return rules[index];
  return undefined;
}

/**
 * The catalog ref an owner names: `@org/team` a group `team`, `@user` a user `user`. An email names
 * no ref by itself (the caller looks it up among users' emails).
 */
export function ownerRefOf(owner: string): string | undefined {
  const team = /^@[^/\s]+\/([^/\s]+)$/.exec(owner);
  if (team) return `group:default/${team[1].toLowerCase()}`;
  const user = /^@([^/\s]+)$/.exec(owner);
  return user ? `user:default/${user[1].toLowerCase()}` : undefined;
}

function matcher(pattern: string): (relativePath: string) => boolean {
  let glob = pattern;
  const anchored = glob.startsWith('/') || glob.replace(/\/$/, '').includes('/');
  glob = glob.replace(/^\//, '');
  const folder = glob.endsWith('/');
  glob = glob.replace(/\/$/, '');
  if (!anchored) glob = `**/${glob}`;
  // A path matches a folder pattern, or any pattern naming a folder, when it lies below it.
  const self = picomatch(glob, { dot: true });
  const below = picomatch(`${glob}/**`, { dot: true });
  return (relativePath) => (!folder && self(relativePath)) || below(relativePath);
}
