import * as vscode from 'vscode';
import type { EntitySummary } from '../../protocol/catalogProtocol';
import type { CatalogNode } from '../catalogTree/catalogNodes';
import type { CatalogServer } from '../client/catalogServer';
import { TemplateWizard } from './templateWizard';

/** A template named with values for its form: a link's, or an agent's dry run's. */
export interface TemplateWithValues {
  ref: string;
  values?: Record<string, unknown>;
}

/**
 * `Greenroom: Create from Template…`: pick a Template (by title, tags, owner), then fill its wizard.
 * Given a template and values (a `…/create` link), opens that template's wizard with them filled in.
 */
export function registerTemplateCommands(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    TemplateWizard.restoreAfterReload(context, server, log),
    vscode.commands.registerCommand('greenroom.createFromTemplate', async (target?: CatalogNode | TemplateWithValues) => {
      if (target && 'ref' in target) return openWithValues(target);
      const chosen = target?.type === 'entity' && target.entity.kind === 'Template' ? target.entity : await pickTemplate(server);
      if (chosen) TemplateWizard.show(context, server, log, chosen.ref, chosen.title);
    }),
  ];

  async function openWithValues({ ref, values }: TemplateWithValues): Promise<void> {
    const templates = await server.getTemplates();
    const template = templates.find((candidate) => candidate.ref.toLowerCase() === ref.toLowerCase());
    if (!template) return void vscode.window.showWarningMessage(`${ref} is not a template in the catalog. Greenroom: Create from Template… lists those it has.`);
    TemplateWizard.show(context, server, log, template.ref, template.title, values);
  }
}

async function pickTemplate(server: CatalogServer): Promise<EntitySummary | undefined> {
  const templates = await vscode.window.withProgress({ location: { viewId: 'greenroom.catalog' } }, () => server.getTemplates());
  if (templates.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'The catalog has no software templates. Add a Template (kind: Template) to a catalog file, or connect to a Backstage that has some.',
      'Connect to Backstage…',
    );
    if (choice) void vscode.commands.executeCommand('greenroom.connectBackstage');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((template) => ({
      label: `$(${template.origins.includes('workspace') ? 'file-code' : 'cloud'}) ${template.title}`,
      description: [template.type, template.owner?.replace(/^group:default\//, '')].filter(Boolean).join(' · '),
      detail: [template.description, template.tags.map((tag) => `#${tag}`).join(' ')].filter(Boolean).join('  '),
      template,
    })),
    { title: 'Create from Template', placeHolder: 'Search templates by title, tag or owner', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.template;
}
