/**
 * Links into the editor, as a Backstage app or a chat message writes them:
 * `vscode://greenroom.greenroom/entity/<kind>/<namespace>/<name>` opens the entity's page;
 * `vscode://greenroom.greenroom/open?entity=<ref>&path=<file>` opens a file of the entity's repository.
 * Parsed without VS Code, so that what a link may ask is plain to test.
 */
export type EntityLinkTarget = { action: 'page'; ref: string } | { action: 'open'; ref: string; path: string };

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a link's path and query ask for; undefined for anything else. */
export function entityLinkTarget(path: string, query: string): EntityLinkTarget | undefined {
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'entity' && parts.length === 4 && parts.slice(1).every((part) => part !== undefined && SEGMENT.test(part))) {
    return { action: 'page', ref: `${parts[1]!.toLowerCase()}:${parts[2]}/${parts[3]}` };
  }
  if (parts[0] === 'open' && parts.length === 1) {
    const params = new URLSearchParams(query);
    const ref = params.get('entity') ?? '';
    const file = (params.get('path') ?? '').replace(/\\/g, '/').replace(/^\/+/, '');
    // A path stays inside the repository: no parent folders, no absolute paths, nothing empty.
    if (!/^[A-Za-z0-9._-]+:([A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/.test(ref) || !file || file.split('/').some((part) => part === '..' || part === '')) return undefined;
    return { action: 'open', ref: ref.includes('/') ? ref : ref.replace(':', ':default/'), path: file };
  }
  return undefined;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
