/** How each Backstage relation reads from the entity it hangs under. */
const RELATION_LABELS: Record<string, string> = {
  ownedBy: 'owned by',
  ownerOf: 'owner of',
  partOf: 'part of',
  hasPart: 'has part',
  providesApi: 'provides API',
  apiProvidedBy: 'API provided by',
  consumesApi: 'consumes API',
  apiConsumedBy: 'API consumed by',
  dependsOn: 'depends on',
  dependencyOf: 'dependency of',
  parentOf: 'parent of',
  childOf: 'child of',
  memberOf: 'member of',
  hasMember: 'has member',
};

export function relationLabel(type: string): string {
  return RELATION_LABELS[type] ?? type;
}
