import type { Entity } from '@backstage/catalog-model';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { sharedString } from './ownStrings';

/** A link a person can open from an entity: its own `metadata.links` or one derived from a well-known annotation. */
export interface ToolLink {
  title: string;
  url: string;
  /** Backstage icon name (`dashboard`, `docs`, `github`, …) when known. */
  icon?: string;
  /** Where the link comes from: `metadata.links` or the annotation's key. */
  origin: string;
}

const ANNOTATION_LINKS: readonly { key: string; title: string; icon: string; toUrl(value: string, entityPath?: string): string | undefined }[] = [
  { key: 'github.com/project-slug', title: 'Repository', icon: 'github', toUrl: (slug) => (/^[\w.-]+\/[\w.-]+$/.test(slug) ? `https://github.com/${slug}` : undefined) },
  { key: 'backstage.io/source-location', title: 'Source', icon: 'code', toUrl: locationRefUrl },
  { key: 'backstage.io/view-url', title: 'View Source', icon: 'code', toUrl: httpUrl },
  { key: 'backstage.io/edit-url', title: 'Edit Source', icon: 'edit', toUrl: httpUrl },
  { key: 'backstage.io/techdocs-ref', title: 'TechDocs', icon: 'docs', toUrl: locationRefUrl },
];

/** `metadata.links` first, in their order, then the annotation-derived links; duplicates of the same URL are dropped. */
export function deriveToolLinks(entity: Entity, entityPath?: string): ToolLink[] {
  const links: ToolLink[] = [];
  const seen = new Set<string>();
  const add = (link: ToolLink) => {
    if (seen.has(link.url)) return;
    seen.add(link.url);
    links.push(link);
  };
  // Invalid entities have links too: any field may be missing or of any type.
  const metadata: Partial<Entity['metadata']> = entity.metadata ?? {};
  for (const link of Array.isArray(metadata.links) ? metadata.links : []) {
    if (typeof link?.url !== 'string' || !isEncodable(link.url)) continue;
    add({ title: typeof link.title === 'string' ? link.title : link.url, url: link.url, icon: typeof link.icon === 'string' ? link.icon : undefined, origin: 'metadata.links' });
  }
  const annotations: Record<string, unknown> = typeof metadata.annotations === 'object' && metadata.annotations !== null ? metadata.annotations : {};
  for (const rule of ANNOTATION_LINKS) {
    const value = Object.hasOwn(annotations, rule.key) ? annotations[rule.key] : undefined;
    if (typeof value !== 'string' || !isEncodable(value)) continue;
    const url = rule.toUrl(value.trim(), entityPath);
    if (url) add({ title: rule.title, url, icon: rule.icon, origin: rule.key });
  }
  return links;
}

// A lone UTF-16 surrogate cannot be percent-encoded: encodeURI and vscode-uri throw "URI malformed" on it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string can be part of a URI; catalog text may hold lone surrogates. */
export function isEncodable(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function httpUrl(value: string): string | undefined {
  return /^https?:\/\//i.test(value) ? value : undefined;
}

/** Location refs: `url:https://…` is a web link; `dir:./docs` and `file:…` point next to the entity's own file. */
function locationRefUrl(value: string, entityPath?: string): string | undefined {
  const match = /^(url|dir|file):(.*)$/.exec(value);
  if (!match) return httpUrl(value);
  const [, type, target] = match;
  if (type === 'url') return httpUrl(target);
  if (!entityPath) return undefined;
  const absolute = path.resolve(path.dirname(entityPath), target);
  // Shared: every entity of a file points at the same folder.
  return sharedString(URI.file(absolute).toString());
}
