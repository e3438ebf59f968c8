import type { Connection } from 'vscode-languageserver';
import { callCatalogTool } from '../../agents/tools';
import { ToolInputError, type ToolContext } from '../../agents/toolKit';
import type { TemplateAction } from '../../core/scaffolder/templateRunner';
import { WorkspaceFiles } from '../../sources/workspaceFiles';
import { AgentToolRequest, type AgentToolParams, type AgentToolResult } from '../../protocol/agentProtocol';
import type { SearchSync } from '../catalog/searchSync';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

export interface AgentSettings {
  /** The workspace folders' paths, in the editor's order. */
  folders: () => readonly string[];
  workspaceTrusted: () => boolean;
  backstageModules: () => readonly string[];
  /** The dry-run versions of the host's template actions (publish:github, catalog:register…). */
  dryRunActions: () => Record<string, TemplateAction>;
  user: () => Promise<string | undefined>;
}

/** The catalog tools, for the editor's language-model tools: the same answers as `greenroom mcp`, from the server's own catalog. */
export function registerAgentRequests(connection: Connection, workspace: WorkspaceCatalog, search: SearchSync, settings: AgentSettings): void {
  const context: ToolContext = {
    catalog: async () => {
      await workspace.firstLoad;
      return workspace.catalog;
    },
    search: () => search.current(),
    folders: settings.folders,
    // Only reads, confined to the workspace folders; the catalog's own globs do not matter here.
    source: () => new WorkspaceFiles(settings.folders().map((folder) => ({ folder, include: [], exclude: [] }))),
    backstageModules: settings.backstageModules,
    workspaceTrusted: settings.workspaceTrusted,
    dryRunActions: settings.dryRunActions,
    user: settings.user,
  };
  connection.onRequest(AgentToolRequest, async ({ name, input }: AgentToolParams): Promise<AgentToolResult> => {
    try {
      return { ok: true, result: await callCatalogTool(name, input, context) };
    } catch (error) {
      if (error instanceof ToolInputError) return { ok: false, message: error.message };
      throw error;
    }
  });
}
