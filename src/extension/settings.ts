import * as vscode from 'vscode';
import type { GroupBy } from '../protocol/catalogProtocol';

const GROUPINGS: readonly GroupBy[] = ['kind', 'owner', 'system'];

export function getGroupBy(): GroupBy {
  const value = vscode.workspace.getConfiguration('greenroom').get<string>('tree.groupBy');
  return GROUPINGS.find((grouping) => grouping === value) ?? 'kind';
}

/** Stores the grouping where it is already set, so that a workspace's choice stays the workspace's. */
export async function setGroupBy(groupBy: GroupBy): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('greenroom');
  const inspected = configuration.inspect('tree.groupBy');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('tree.groupBy', groupBy, target);
}

export type LinkTarget = 'editor' | 'browser';

export function getLinkTarget(): LinkTarget {
  return vscode.workspace.getConfiguration('greenroom').get<string>('links.openIn') === 'browser' ? 'browser' : 'editor';
}
