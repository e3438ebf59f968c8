import type { CatalogLoadProgress } from '../../protocol/catalogProtocol';

/** What the catalog view says above the entities while the first load reads files. */
export function loadingMessage({ entities, filesRead, filesFound }: CatalogLoadProgress): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const files = Math.max(filesRead, filesFound);
  return `Reading the catalog… ${count(entities)} ${entities === 1 ? 'entity' : 'entities'} from ${count(filesRead)} of ${count(files)} ${files === 1 ? 'file' : 'files'}`;
}
