import { findPeople, getEntity, getRelations, searchCatalog, whoOwns } from './catalogTools';
import { getDocs } from './docsTool';
import { dryRunTemplate, listTemplates } from './templateTools';
import { checkInput, ToolInputError, type CatalogTool, type ToolContext } from './toolKit';
import { validateCatalog } from './validationTool';

/** Every tool, in the order they are listed to agents. All of them only read. */
export const CATALOG_TOOLS: readonly CatalogTool[] = [searchCatalog, getEntity, whoOwns, getRelations, findPeople, getDocs, listTemplates, dryRunTemplate, validateCatalog] as unknown as CatalogTool[];

/** Runs a tool by name: arguments checked against its schema first. A ToolInputError says what to change. */
export async function callCatalogTool(name: string, input: unknown, context: ToolContext): Promise<Record<string, unknown>> {
  const tool = CATALOG_TOOLS.find((candidate) => candidate.name === name);
  if (!tool) throw new ToolInputError(`There is no tool "${String(name).slice(0, 100)}"; the tools are ${CATALOG_TOOLS.map((candidate) => candidate.name).join(', ')}.`);
  return tool.run(checkInput(tool, input), context);
}
