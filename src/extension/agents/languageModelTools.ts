import * as vscode from 'vscode';
import type { CatalogServer } from '../client/catalogServer';

/** What the chat shows while a tool runs: what is being looked up, in the user's words. */
const INVOCATION: Record<string, (input: Record<string, unknown>) => string> = {
  search_catalog: (input) => (input.query ? `Searching the catalog for "${text(input.query)}"` : 'Listing catalog entities'),
  get_entity: (input) => `Reading ${text(input.ref)} from the catalog`,
  who_owns: (input) => `Looking up who owns ${text(input.path ?? input.ref)}`,
  get_relations: (input) => `Following the relations of ${text(input.ref)}`,
  find_people: (input) => `Finding people${input.tech ? ` who know ${text(input.tech)}` : input.group ? ` in ${text(input.group)}` : input.owns ? ` who own ${text(input.owns)}` : ` matching "${text(input.query)}"`}`,
  get_docs: (input) => `Reading the docs of ${text(input.entity)}${input.page ? ` (${text(input.page)})` : ''}`,
  list_templates: () => 'Listing software templates',
  dry_run_template: (input) => `Previewing ${text(input.ref)} (nothing is written)`,
  validate_catalog: (input) => (input.path ? `Checking ${text(input.path)}` : 'Checking catalog YAML'),
};

/**
 * Registers each tool package.json contributes (`greenroom_<name>`); the catalog server answers, from the
 * catalog it owns, exactly as `greenroom mcp` does. None of them writes or sends anything to Backstage:
 * they read the catalog already loaded, so none asks for confirmation.
 */
export function registerLanguageModelTools(context: vscode.ExtensionContext, server: CatalogServer): vscode.Disposable[] {
  const contributed = (context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } }).contributes?.languageModelTools ?? [];
  return contributed.map(({ name: contributedName }) => {
    const name = contributedName.replace(/^greenroom_/, '');
    return vscode.lm.registerTool<Record<string, unknown>>(contributedName, {
      prepareInvocation: (options) => ({ invocationMessage: (INVOCATION[name] ?? (() => `Asking the catalog (${name})`))(options.input ?? {}) }),
      invoke: async (options) => {
        const answer = await server.callAgentTool({ name, input: options.input });
        // The chat hands a thrown error's message to the model: it says what to change, so the model can ask again.
        if (!answer.ok) throw new Error(answer.message);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(answer.result))]);
      },
    });
  });
}

/** A value from the model, shown in one short line. */
function text(value: unknown): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
}
