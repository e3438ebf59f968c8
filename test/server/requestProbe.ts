import type { LspClient } from './lspClient';

/** What the tree shows of an entity. */
export interface Summary {
  ref: string;
  kind: string;
  name: string;
  location: { uri: string; range: { start: { line: number } } };
}

/** Every request must be answered within this, whatever the catalog holds. */
export const ANSWER_MS = 2000;

/** Sends a request and fails unless it is answered, without an error, within `ANSWER_MS`. */
export async function answered<T>(client: LspClient, method: string, params?: unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} was not answered within ${ANSWER_MS} ms (${JSON.stringify(params)?.slice(0, 200)})`)), ANSWER_MS);
  });
  try {
    return await Promise.race([client.request<T>(method, params), late]);
  } catch (error) {
    throw new Error(`${method} failed: ${error instanceof Error ? error.message : String(error)} (${JSON.stringify(params)?.slice(0, 200)})`);
  } finally {
    clearTimeout(timer);
  }
}

/** Every entity the tree lists, grouped by kind, as a person expanding each group sees them. */
export async function listedEntities(client: LspClient): Promise<Summary[]> {
  const groups = await answered<{ key: string }[]>(client, 'greenroom/entityGroups', { groupBy: 'kind' });
  const lists = await Promise.all(groups.map((group) => answered<Summary[]>(client, 'greenroom/groupEntities', { groupBy: 'kind', key: group.key })));
  return lists.flat();
}

/** The tree grouped every way, each group opened, and each listed entity's details and card. */
export async function probeTree(client: LspClient, entityLimit = Infinity): Promise<Summary[]> {
  const listed: Summary[] = [];
  for (const groupBy of ['kind', 'owner', 'system']) {
    const groups = await answered<{ key: string }[]>(client, 'greenroom/entityGroups', { groupBy });
    for (const group of groups) listed.push(...(await answered<Summary[]>(client, 'greenroom/groupEntities', { groupBy, key: group.key })));
  }
  for (const entity of listed.slice(0, entityLimit)) {
    const params = { ref: entity.ref, location: { uri: entity.location.uri, line: entity.location.range.start.line } };
    await answered(client, 'greenroom/entityDetails', params);
    await answered(client, 'greenroom/entityCard', params);
  }
  await answered(client, 'greenroom/allLinks');
  await answered(client, 'greenroom/status');
  await answered(client, 'greenroom/templates');
  return listed;
}

/** Searches with plain words, filters and odd text. */
export async function probeSearch(client: LspClient, words: readonly string[]): Promise<void> {
  for (const query of [...words, 'kind:component', 'tag:java owner:team-a', '\ud800', 'kind:', '']) {
    await answered(client, 'greenroom/search', { query });
    await answered(client, 'workspace/symbol', { query });
  }
}

/** The editor's requests on an open document: outline, links, and hover, completion, definition and references at `positions`. */
export async function probeDocument(client: LspClient, uri: string, positions: readonly { line: number; character: number }[]): Promise<void> {
  const textDocument = { uri };
  await answered(client, 'textDocument/documentSymbol', { textDocument });
  await answered(client, 'textDocument/documentLink', { textDocument });
  for (const position of positions) {
    await answered(client, 'textDocument/hover', { textDocument, position });
    await answered(client, 'textDocument/completion', { textDocument, position });
    await answered(client, 'textDocument/definition', { textDocument, position });
    await answered(client, 'textDocument/references', { textDocument, position, context: { includeDeclaration: true } });
  }
}

/** Positions at the start, middle and end of every line of a text. */
export function everyLine(text: string): { line: number; character: number }[] {
  return text.split('\n').flatMap((line, index) => [0, line.length >> 1, line.length].map((character) => ({ line: index, character })));
}
