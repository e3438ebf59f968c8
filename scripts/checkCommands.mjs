// Checks that every command the manifest contributes is registered in the code, and the reverse,
// and that every command a menu names is contributed.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const menuCommands = Object.values(manifest.contributes.menus).flat().map((m) => m.command).filter(Boolean);

const sources = readdirSync('src/extension', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(path.join('src/extension', file), 'utf8'))
  .join('\n');
const registered = new Set([...sources.matchAll(/register(?:Command)?\('([\w.]+)'/g)].map((m) => m[1]));

const problems = [
  ...[...contributed].filter((id) => !registered.has(id)).map((id) => `${id} is contributed but never registered`),
  ...[...registered].filter((id) => !contributed.has(id)).map((id) => `${id} is registered but not contributed in package.json`),
  ...menuCommands.filter((id) => !contributed.has(id)).map((id) => `${id} appears in a menu but is not contributed`),
];
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
console.log(`${contributed.size} commands contributed and registered`);
