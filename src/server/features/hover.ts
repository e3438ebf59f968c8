import type { Hover } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { stringify } from 'yaml';
import { annotationDoc } from '../../core/language/annotationDocs';
import type { Catalog } from '../../core/catalog/catalog';
import { toolLinksOf, type EntityRecord } from '../../core/catalog/catalogFile';
import { describeField, type FieldDoc } from '../../core/language/entityFieldDocs';
import { entityTitle, ownerRef } from '../../core/catalog/entityGrouping';
import { isEncodable } from '../../core/catalog/toolLinks';
import { fieldText } from '../../core/catalog/fieldText';
import { NameCandidates, nearestNames } from '../../core/catalog/nearestNames';
import type { CursorContext } from '../../core/language/yamlCursor';
import { refAtCursor } from './refAtCursor';
import { code, escapeMarkdown } from './markdown';

/**
 * Hover: a card of the entity a ref names, else what the field or annotation under the cursor means.
 * With `entityPageCommand` (a client command taking a ref), the card links to the entity's page.
 */
export function hover(catalog: Catalog, context: CursorContext | undefined, entityPageCommand?: string): Hover | null {
  if (!context?.kind) return null;
  const range = context.token.range;
  const atRef = refAtCursor(context);
  if (atRef) {
    const target = catalog.entity(atRef.ref);
    if (target) return { range, contents: { kind: 'markdown', value: entityCard(target) + (entityPageCommand ? pageLink(entityPageCommand, target.ref) : '') } };
    const candidates = atRef.field.accepts.flatMap((kind) => catalog.entitiesOfKind(kind)).map((r) => fieldText(r.entity.metadata?.name));
    const near = nearestNames(atRef.ref.replace(/^.*\//, ''), new NameCandidates(candidates));
    const hint = near.length > 0 ? `\n\nDid you mean ${near.map(code).join(', ')}?` : '';
    return { range, contents: { kind: 'markdown', value: `${code(atRef.ref)} is not in the catalog.${hint}` } };
  }
  const { path } = context;
  if (path[0] === 'metadata' && path[1] === 'annotations' && path.length === 3) {
    const doc = annotationDoc(path[2]);
    if (doc) return { range, contents: { kind: 'markdown', value: `**${escapeMarkdown(doc.key)}** — annotation\n\n${doc.description}\n\nExample: ${code(doc.example)}` } };
  }
  const field = describeField(context.kind, context.apiVersion ?? '', path);
  return field ? { range, contents: { kind: 'markdown', value: fieldCard(field) } } : null;
}

/** A command link that opens the entity's page: the ref travels JSON-encoded as the command's argument. */
function pageLink(command: string, ref: string): string {
  return `\n\n[Open Entity Page](command:${command}?${encodeURIComponent(JSON.stringify([ref])).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)})`;
}

function fieldCard(field: FieldDoc): string {
  const facts = [field.type, field.required ? 'required' : 'optional', field.enum ? `one of ${field.enum.map(code).join(', ')}` : undefined].filter(Boolean);
  const lines = [`**${escapeMarkdown(field.title)}** — ${facts.join(', ')}`];
  if (field.description) lines.push('', field.description);
  if (field.examples.length > 0) {
    const key = field.path[field.path.length - 1];
    lines.push('', 'Example:', '```yaml', stringify({ [key]: field.examples[0] }).trimEnd(), '```');
  }
  return lines.join('\n');
}

/** What a person wants to know about an entity without opening it. Catalog text is escaped. */
export function entityCard(record: EntityRecord): string {
  const { entity } = record;
  // Invalid entities are shown too: any field may be missing or of any type.
  const metadata = (typeof entity.metadata === 'object' && entity.metadata !== null ? entity.metadata : {}) as Partial<EntityRecord['entity']['metadata']>;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const lines = [
    `**${escapeMarkdown(entityTitle(entity))}** — ${escapeMarkdown(fieldText(entity.kind))}${typeof spec.type === 'string' ? ` · ${escapeMarkdown(spec.type)}` : ''}`,
    '',
    code(record.ref),
  ];
  if (typeof metadata.description === 'string') lines.push('', escapeMarkdown(metadata.description));
  const facts: string[] = [];
  const owner = ownerRef(entity);
  if (owner) facts.push(`Owner: ${code(owner)}`);
  if (typeof spec.lifecycle === 'string') facts.push(`Lifecycle: ${escapeMarkdown(spec.lifecycle)}`);
  if (typeof spec.system === 'string') facts.push(`System: ${code(spec.system)}`);
  const tags = Array.isArray(metadata.tags) ? metadata.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  if (tags.length > 0) facts.push(`Tags: ${tags.map(code).join(' ')}`);
  if (facts.length > 0) lines.push('', facts.join('  \n'));
  const links = toolLinksOf(record).filter((link) => /^https?:\/\//.test(link.url) && isEncodable(link.url));
  if (links.length > 0) lines.push('', links.map((link) => `[${escapeMarkdown(link.title)}](${encodeURI(link.url)})`).join(' · '));
  if (record.remote) {
    lines.push(
      '',
      `From Backstage at ${escapeMarkdown(record.remote.baseUrl)} · [Open in Backstage](${record.remote.pageUrl.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)})`,
    );
  } else {
    const uri = URI.file(record.path)
      .with({ fragment: `L${record.selectionRange.start.line + 1}` })
      .toString();
    lines.push('', `Defined in [${escapeMarkdown(record.path.split(/[\\/]/).pop() ?? '')}:${record.selectionRange.start.line + 1}](${uri})`);
  }
  if (record.failure) lines.push('', `⚠ ${escapeMarkdown(record.failure.reason)}`);
  return lines.join('\n');
}
