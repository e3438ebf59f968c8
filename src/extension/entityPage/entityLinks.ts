/**
 * Links into the editor, as a Backstage app or a chat message writes them:
 * `vscode://greenroom.greenroom/entity/<kind>/<namespace>/<name>` opens the entity's page;
 * `vscode://greenroom.greenroom/open?entity=<ref>&path=<file>` opens a file of the entity's repository;
 * `vscode://greenroom.greenroom/create?template=<ref>&values=<JSON object, or it in base64url>` opens a
 * template's wizard with those values filled in, for a person to review and run. VS Code hands the
 * handler the query decoded once, so a JSON value holding `&` or `=` would be cut: an agent's dry run
 * writes the values in base64url, which decoding leaves alone.
 * Parsed without VS Code, so that what a link may ask is plain to test.
 */
export type EntityLinkTarget = { action: 'page'; ref: string } | { action: 'open'; ref: string; path: string } | { action: 'create'; ref: string; values: Record<string, unknown> };

/** A link's values beyond this many characters are not taken: a form's values are far fewer. */
const MAX_VALUES_CHARS = 16_000;
const REF = /^[A-Za-z0-9._-]+:([A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a link's path and query ask for; undefined for anything else. */
export function entityLinkTarget(path: string, query: string): EntityLinkTarget | undefined {
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'entity' && parts.length === 4 && parts.slice(1).every((part) => part !== undefined && SEGMENT.test(part))) {
    return { action: 'page', ref: `${parts[1]!.toLowerCase()}:${parts[2]}/${parts[3]}` };
  }
  if (parts[0] === 'open' && parts.length === 1) {
    const params = queryParams(query);
    const ref = params.get('entity') ?? '';
    const file = (params.get('path') ?? '').replace(/\\/g, '/').replace(/^\/+/, '');
    // A path stays inside the repository: no parent folders, no absolute paths, nothing empty.
    if (!REF.test(ref) || !file || file.split('/').some((part) => part === '..' || part === '')) return undefined;
    return { action: 'open', ref: withNamespace(ref), path: file };
  }
  if (parts[0] === 'create' && parts.length === 1) {
    const params = queryParams(query);
    const ref = params.get('template') ?? '';
    const values = params.get('values') ?? '{}';
    if (!REF.test(ref) || !/^template:/i.test(ref) || values.length > MAX_VALUES_CHARS) return undefined;
    const parsed = safeParse(values.trimStart().startsWith('{') ? values : Buffer.from(values, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return { action: 'create', ref: withNamespace(ref), values: parsed as Record<string, unknown> };
  }
  return undefined;
}

function withNamespace(ref: string): string {
  return ref.includes('/') ? ref : ref.replace(':', ':default/');
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A link's query as VS Code hands it to the handler, already decoded once: split at `&` and each pair's first `=`,
 * and not decoded again, so that a `+` or `%` in a path stays as written.
 */
function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=');
    if (at > 0 && !params.has(pair.slice(0, at))) params.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return params;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
