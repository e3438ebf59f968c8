import * as vscode from 'vscode';

/** One codicon per kind, so that a kind is recognisable at a glance in every list. */
const KIND_ICONS: Record<string, string> = {
  component: 'package',
  api: 'plug',
  resource: 'database',
  system: 'server-environment',
  domain: 'symbol-namespace',
  group: 'organization',
  user: 'person',
  template: 'wand',
  location: 'location',
  airesource: 'sparkle',
};

/** Backstage's link icon names (`metadata.links[].icon`) mapped to the closest codicon. */
const LINK_ICONS: Record<string, string> = {
  github: 'github',
  dashboard: 'dashboard',
  docs: 'book',
  techdocs: 'book',
  help: 'question',
  web: 'globe',
  alert: 'bell',
  cloud: 'cloud',
  user: 'person',
  group: 'organization',
  chat: 'comment-discussion',
  email: 'mail',
  code: 'code',
  edit: 'edit',
  catalog: 'library',
  scaffolder: 'wand',
  search: 'search',
};

export function kindIcon(kind: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(KIND_ICONS[kind.toLowerCase()] ?? 'symbol-misc');
}

export function linkIcon(icon: string | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon((icon && LINK_ICONS[icon.toLowerCase()]) ?? 'link-external');
}

export const INVALID_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
export const UNRESOLVED_ICON = new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'));
