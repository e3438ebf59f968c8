/** One codicon per kind, the same the catalog tree shows, so that a kind reads the same everywhere. */
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

/** Backstage's link icon names mapped to the closest codicon, as the tree maps them. */
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

export function kindIconClass(kind: string): string {
  return `codicon codicon-${Object.hasOwn(KIND_ICONS, kind.toLowerCase()) ? KIND_ICONS[kind.toLowerCase()] : 'symbol-misc'}`;
}

export function linkIconClass(icon: string | undefined): string {
  const key = (icon ?? '').toLowerCase();
  return `codicon codicon-${Object.hasOwn(LINK_ICONS, key) ? LINK_ICONS[key] : 'link-external'}`;
}
