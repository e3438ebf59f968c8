/**
 * The one message behind Greenroom's language-model tools: the extension host forwards a tool call to the
 * catalog server, which answers from the catalog it owns. The tools themselves are declared in package.json
 * (`contributes.languageModelTools`), with the same names and input schemas as `greenroom mcp` serves.
 */
import { RequestType } from 'vscode-jsonrpc';

export interface AgentToolParams {
  /** The tool's name as `greenroom mcp` lists it, without the `greenroom_` prefix VS Code's names carry. */
  name: string;
  input: unknown;
}
/** The structured answer, or a message that says what to change (a bad argument, an unknown entity). */
export type AgentToolResult = { ok: true; result: Record<string, unknown> } | { ok: false; message: string };

/** Client → server request: run one of the catalog tools (search_catalog, who_owns…) with the model's input. */
export const AgentToolRequest = new RequestType<AgentToolParams, AgentToolResult, void>('greenroom/agentTool');
