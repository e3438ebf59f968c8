import type { CatalogProblem } from './catalogProblem';
import type { EntityRecord } from './catalogFile';
import { fieldText } from './fieldText';
import type { RefSuggestions } from './refSuggestions';

type Ref = EntityRecord['refs'][number];

const ADVICE = "Greenroom's advice (Backstage accepts the entity; the relation points to nothing): ";

/** A ref to nothing: Backstage accepts it (the relation dangles), so it is a warning, with the nearest names. */
export function unresolvedProblem(record: EntityRecord, ref: Ref, suggestions: RefSuggestions): CatalogProblem {
  const near = suggestions.suggest(nameOf(ref.target), ref.field.accepts.map((kind) => kind.toLowerCase()));
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '';
  return {
    path: record.path,
    range: ref.range,
    severity: 'warning',
    code: 'unresolved-ref',
    // Backstage ingests the entity all the same: the message says whose word this is.
    message: `${ADVICE}${ref.target} is not in the catalog.${hint}`,
    fixes: near.map((name) => ({ title: `Change to '${name}'`, range: ref.range, newText: withName(ref.written, name) })),
  };
}

/** Refs match regardless of case, but a name written differently from its definition reads as a different thing. */
export function caseProblem(record: EntityRecord, ref: Ref, target: EntityRecord): CatalogProblem | undefined {
  const name = fieldText(target.entity.metadata?.name);
  if (nameOf(ref.written) === name) return undefined;
  return {
    path: record.path,
    range: ref.range,
    severity: 'info',
    code: 'ref-case',
    message: `${target.ref} is written '${nameOf(ref.written)}' here; it is defined as '${name}'.`,
    fixes: [{ title: `Write '${name}' as defined`, range: ref.range, newText: withName(ref.written, name) }],
  };
}

/** The name part of a ref, full (`kind:ns/name`) or short (`name`, `kind:name`). */
export function nameOf(ref: string): string {
  return ref.slice(Math.max(ref.lastIndexOf(':'), ref.lastIndexOf('/')) + 1);
}

/** Keeps what was written before the name (`group:`, `default/`) and swaps the name. */
function withName(written: string, name: string): string {
  return written.slice(0, Math.max(written.lastIndexOf(':'), written.lastIndexOf('/')) + 1) + name;
}
