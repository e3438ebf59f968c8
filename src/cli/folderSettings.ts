import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';

/** The folder's Greenroom settings, read from `.vscode/settings.json` as the editor would read them. */
export interface FolderSettings {
  include: string[];
  exclude: string[];
  backstageModules: string[];
  rulesFile?: string;
}

export function readFolderSettings(folder: string): FolderSettings {
  let settings: Record<string, unknown> = {};
  try {
    // Comments and trailing commas are allowed there, as in every VS Code settings file.
    const parsed: unknown = parse(readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8'));
    if (parsed && typeof parsed === 'object') settings = parsed as Record<string, unknown>;
  } catch {
    // No settings file: the defaults, as in an editor.
  }
  const strings = (key: string) => {
    const value = settings[`greenroom.catalog.${key}`];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  };
  const rulesFile = settings['greenroom.catalog.rulesFile'];
  return { include: strings('include'), exclude: strings('exclude'), backstageModules: strings('backstageModules'), rulesFile: typeof rulesFile === 'string' ? rulesFile : undefined };
}
