// The codicon of each catalog kind and link icon, shared by the catalog tree and the entity page so that a kind
// reads the same everywhere.

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

/** The codicon name of a kind; `symbol-misc` for a kind Greenroom has no icon for. */
export function kindCodicon(kind: string): string {
  const key = kind.toLowerCase();
  return Object.hasOwn(KIND_ICONS, key) ? KIND_ICONS[key] : 'symbol-misc';
}

/** The codicon name closest to a Backstage link icon (`metadata.links[].icon`); `link-external` by default. */
export function linkCodicon(icon: string | undefined): string {
  const key = (icon ?? '').toLowerCase();
  return Object.hasOwn(LINK_ICONS, key) ? LINK_ICONS[key] : 'link-external';
}
