import { URI } from 'vscode-uri';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { REMOTE_ENTITY_SCHEME } from '../../protocol/catalogProtocol';

/** The read-only document of a remote entity: `greenroom-backstage:/component/default/name.yaml?<base URL>`. */
export function remoteEntityUri(record: EntityRecord & { remote: NonNullable<EntityRecord['remote']> }): string {
  const { kind, metadata } = record.entity;
  const parts = [kind.toLocaleLowerCase('en-US'), metadata.namespace ?? 'default', `${metadata.name}.yaml`];
  return URI.from({ scheme: REMOTE_ENTITY_SCHEME, path: `/${parts.join('/')}`, query: record.remote.baseUrl }).toString();
}

/** The instance and entity ref a remote entity URI names, or undefined when it is not one. */
export function parseRemoteEntityUri(uri: string): { baseUrl: string; ref: string } | undefined {
  const parsed = URI.parse(uri);
  const match = /^\/([^/]+)\/([^/]+)\/(.+)\.yaml$/.exec(parsed.path);
  if (parsed.scheme !== REMOTE_ENTITY_SCHEME || !match || !parsed.query) return undefined;
  return { baseUrl: parsed.query, ref: `${match[1]}:${match[2]}/${match[3]}` };
}
