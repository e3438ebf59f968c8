import type { Connection } from 'vscode-languageserver';
import { ownerRef } from '../../core/catalog/entityGrouping';
import { refKey } from '../../core/catalog/entityRelations';
import { ruleHealth } from '../../core/catalog/organisationRules';
import { RuleHealthRequest, type RuleHealthResult, type RuleHealthView } from '../../protocol/catalogProtocol';
import { toSummary } from './entityViews';
import type { WorkspaceCatalog } from './workspaceCatalog';

/** Answers the Catalog Health view: the organisation's rules over every entity shown, workspace and Backstage. */
export function registerRuleHealthRequests(connection: Connection, workspace: WorkspaceCatalog, user: () => Promise<string | undefined>): void {
  connection.onRequest(RuleHealthRequest, async (): Promise<RuleHealthResult> => {
    await workspace.firstLoad;
    const catalog = workspace.catalog;
    // "My team": the groups greenroom.user is a member of, as the catalog relates them.
    const name = await user();
    const me = name ? catalog.entity(name.includes(':') ? name : `user:default/${name}`) : undefined;
    const mine = new Set(me ? catalog.relationsOf(me.ref).filter((relation) => relation.type === 'memberOf').map((relation) => refKey(relation.target)) : []);
    if (me) mine.add(me.key);
    const rules = ruleHealth(catalog.shownEntities(), catalog.organisationRules()).map((health): RuleHealthView => {
      const byOwner = new Map<string, RuleHealthView['owners'][number]>();
      for (const { record, reason } of health.failing) {
        const owner = safeOwner(record.entity) ?? 'no owner';
        let entry = byOwner.get(owner);
        if (!entry) byOwner.set(owner, (entry = { owner, mine: mine.has(refKey(owner)), failing: [] }));
        entry.failing.push({ entity: toSummary(record, catalog), reason });
      }
      const owners = [...byOwner.values()].sort((a, b) => Number(b.mine) - Number(a.mine) || b.failing.length - a.failing.length || a.owner.localeCompare(b.owner));
      return { id: health.rule.id, message: health.rule.message, severity: health.rule.severity, applicable: health.applicable, passing: health.applicable - health.failing.length, owners };
    });
    return { rulesFile: workspace.rulesFile, rules };
  });
}

function safeOwner(entity: Parameters<typeof ownerRef>[0]): string | undefined {
  try {
    return ownerRef(entity);
  } catch {
    return undefined;
  }
}
