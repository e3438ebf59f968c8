// A deterministic, realistic Backstage catalog of any size, for the search benchmark: domains, systems, groups
// with a hierarchy, users in teams, components, APIs and resources, with titles, descriptions, tags,
// annotations and links. The entities of Backstage's demo catalog come first, so that queries can name them.
import type { Entity } from '@backstage/catalog-model';

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'artist', 'album', 'playlist', 'playback', 'podcast', 'episode', 'track', 'audio', 'video', 'media', 'stream', 'radio',
  'payment', 'billing', 'invoice', 'ledger', 'checkout', 'cart', 'order', 'shipping', 'inventory', 'warehouse', 'pricing',
  'discount', 'coupon', 'catalog', 'product', 'search', 'index', 'query', 'recommendation', 'ranking', 'feed', 'profile',
  'account', 'identity', 'auth', 'token', 'session', 'consent', 'privacy', 'notification', 'email', 'sms', 'push', 'chat',
  'message', 'event', 'audit', 'metrics', 'logging', 'tracing', 'alert', 'incident', 'report', 'analytics', 'experiment',
  'feature', 'config', 'secret', 'storage', 'upload', 'image', 'thumbnail', 'transcoder', 'cdn', 'gateway', 'proxy',
  'scheduler', 'queue', 'worker', 'batch', 'export', 'import', 'sync', 'webhook', 'partner', 'merchant', 'customer',
  'support', 'ticket', 'review', 'rating', 'comment', 'moderation', 'fraud', 'risk', 'tax', 'currency', 'wallet',
  'subscription', 'license', 'royalty', 'lyrics', 'concert', 'venue', 'booking', 'wayback', 'archive', 'shuffle', 'lookup',
];
const SUFFIXES = ['service', 'api', 'worker', 'web', 'ui', 'lib', 'store', 'engine', 'adapter', 'processor', 'manager', 'portal', 'backend', 'frontend', 'sdk', 'cli'];
const TAGS = [
  'java', 'kotlin', 'go', 'python', 'typescript', 'javascript', 'rust', 'scala', 'ruby', 'react', 'spring', 'node', 'grpc',
  'graphql', 'rest', 'kafka', 'postgres', 'mysql', 'redis', 'elasticsearch', 'dynamodb', 's3', 'kubernetes', 'terraform',
  'data', 'ml', 'frontend', 'backend', 'mobile', 'pci', 'gdpr', 'tier-1', 'tier-2', 'legacy', 'experimental', 'website',
];
const FIRST = [
  'jane', 'john', 'maria', 'ahmed', 'yuki', 'li', 'olga', 'pierre', 'amara', 'lucas', 'sofia', 'noah', 'emma', 'liam', 'mia',
  'arjun', 'priya', 'chen', 'fatima', 'diego', 'ingrid', 'kwame', 'nadia', 'omar', 'rosa', 'sven', 'tariq', 'uma', 'victor',
  'wei', 'xenia', 'yusuf', 'zoe', 'breanna', 'janelle', 'nigel', 'tara', 'sam', 'alex', 'kim', 'robin', 'jordan', 'casey',
];
const LAST = [
  'doe', 'smith', 'garcia', 'khan', 'tanaka', 'wang', 'ivanova', 'dubois', 'okafor', 'silva', 'rossi', 'nielsen', 'schmidt',
  'kowalski', 'novak', 'haddad', 'mensah', 'patel', 'kim', 'nguyen', 'lopez', 'andersen', 'berg', 'costa', 'davison', 'dawe',
  'manning', 'macdonald', 'fischer', 'yamamoto', 'oconnor', 'murphy', 'jensen', 'moreau', 'santos', 'alvarez', 'ito', 'park',
];
const VERBS = ['Serves', 'Stores', 'Indexes', 'Publishes', 'Aggregates', 'Validates', 'Caches', 'Streams', 'Reconciles', 'Exposes', 'Schedules', 'Transforms'];
const LINK_TITLES = ['Runbook', 'Grafana Dashboard', 'On-call', 'Sentry', 'Docs', 'Admin Console', 'Kibana Logs', 'Status Page', 'Design Doc', 'Slack Channel'];
const COMPONENT_TYPES = ['service', 'service', 'service', 'website', 'library'];
const API_TYPES = ['openapi', 'openapi', 'grpc', 'graphql', 'asyncapi'];
const RESOURCE_TYPES = ['database', 's3-bucket', 'queue', 'cache', 'topic'];
const LIFECYCLES = ['production', 'production', 'experimental', 'deprecated'];

/** Backstage's demo catalog, in brief: the entities the benchmark's queries name. */
const DEMO: Entity[] = [
  group('backstage', 'Backstage', 'The Backstage team', undefined, 'department'),
  group('team-a', undefined, 'Team A', 'backstage'),
  group('team-b', undefined, 'Team B', 'backstage'),
  user('breanna.davison', undefined, 'breanna-davison@example.com', ['team-a']),
  user('janelle.dawe', 'Janelle Dawe', 'janelle-dawe@example.com', ['team-a']),
  user('nigel.manning', 'Nigel Manning', 'nigel-manning@example.com', ['team-a']),
  user('guest', 'Guest User', 'guest@example.com', ['team-a']),
  { apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: 'artist-engagement-portal', description: 'Everything related to artists' }, spec: { owner: 'team-a', domain: 'artists' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: 'audio-playback', description: 'Audio playback system' }, spec: { owner: 'team-c', domain: 'playback' } },
  component('artist-lookup', 'Artist Lookup', ['java', 'data'], 'team-a', 'artist-engagement-portal', ['Examples Users', 'Dashboard', 'Support', 'Website']),
  component('www-artist', 'Artist main website', ['react', 'website'], 'team-a', 'artist-engagement-portal', []),
  component('playback-order', 'Playback Order', ['java', 'playback'], 'user:guest', 'audio-playback', []),
  component('playback-lib', 'Playback library', ['java', 'playback'], 'team-c', 'audio-playback', []),
  component('wayback-search', 'Wayback search', ['go', 'search'], 'team-b', undefined, ['Runbook']),
  component('shuffle-api', 'Shuffle API', ['go'], 'team-c', 'audio-playback', []),
  component('petstore', 'Petstore', ['java'], 'team-c', undefined, ['Docs']),
  { apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: 'petstore', description: 'The petstore API', tags: ['store', 'rest'] }, spec: { type: 'openapi', lifecycle: 'experimental', owner: 'team-c', definition: 'openapi: 3.0.0' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: 'wayback-search', description: 'Search the Wayback archive', tags: ['search'] }, spec: { type: 'openapi', lifecycle: 'production', owner: 'team-b', definition: 'openapi: 3.0.0' } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name: 'artists-db', description: 'Stores artist details' }, spec: { type: 'database', owner: 'team-a', system: 'artist-engagement-portal' } },
];

function group(name: string, displayName: string | undefined, description: string, parent?: string, type = 'team'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, description },
    spec: { type, profile: { ...(displayName ? { displayName } : {}), email: `${name}@example.com` }, ...(parent ? { parent } : {}), children: [] },
  };
}

function user(name: string, displayName: string | undefined, email: string, memberOf: string[]): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name }, spec: { profile: { ...(displayName ? { displayName } : {}), email }, memberOf } };
}

function component(name: string, description: string, tags: string[], owner: string, system: string | undefined, links: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description,
      tags,
      annotations: { 'github.com/project-slug': `backstage/${name}`, 'backstage.io/techdocs-ref': 'dir:.' },
      links: links.map((title) => ({ url: `https://example.com/${name}/${title.toLowerCase().replace(/\W+/g, '-')}`, title })),
    },
    spec: { type: 'service', lifecycle: 'production', owner, ...(system ? { system } : {}) },
  };
}

/** `count` entities (the demo catalog's first), the same for the same seed. */
export function generateCatalog(count: number, seed = 1): Entity[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const some = <T>(list: readonly T[], min: number, max: number): T[] => [...new Set(Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(list)))];
  const used = new Set(DEMO.map((entity) => `${entity.kind}:${entity.metadata.name}`));
  const unique = (kind: string, base: string): string => {
    let name = base;
    for (let n = 2; used.has(`${kind}:${name}`); n++) name = `${base}-${n}`;
    used.add(`${kind}:${name}`);
    return name;
  };
  const titleCase = (name: string) => name.split(/[-.]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
  const sentence = (name: string) => {
    const words = name.split('-');
    const clauses = [`${pick(VERBS)} ${pick(NOUNS)} ${pick(NOUNS)} data for the ${words[0]} domain`, `backed by ${pick(TAGS)}`, `used by the ${pick(NOUNS)} and ${pick(NOUNS)} teams`, `see the ${pick(LINK_TITLES).toLowerCase()} for details`];
    return `${clauses.slice(0, 1 + Math.floor(next() * clauses.length)).join(', ')}.`;
  };

  const entities: Entity[] = [...DEMO];
  const share = (fraction: number) => Math.max(3, Math.round(count * fraction));
  const departments = Array.from({ length: Math.max(2, Math.round(share(0.03) / 8)) }, () => unique('Group', `${pick(NOUNS)}-department`));
  const teams = Array.from({ length: share(0.03) }, () => unique('Group', next() < 0.5 ? `team-${pick(NOUNS)}` : `${pick(NOUNS)}-${pick(['squad', 'platform', 'guild', 'crew'])}`));
  const domains = Array.from({ length: share(0.005) }, () => unique('Domain', pick(NOUNS)));
  const systems = Array.from({ length: share(0.03) }, () => unique('System', `${pick(NOUNS)}-${pick(NOUNS)}`));
  const apis: string[] = [];

  for (const name of departments) entities.push(group(name, titleCase(name), `The ${titleCase(name)}`, undefined, 'department'));
  for (const name of teams) entities.push(group(name, titleCase(name), `${titleCase(name)}: owns ${pick(NOUNS)} and ${pick(NOUNS)}`, pick(departments)));
  for (const name of domains) entities.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Domain', metadata: { name, description: `Everything about ${name}` }, spec: { owner: pick(teams) } });
  for (const name of systems) {
    entities.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name, title: titleCase(name), description: sentence(name), tags: some(TAGS, 0, 2) }, spec: { owner: pick(teams), domain: pick(domains) } });
  }
  while (entities.length < count) {
    const roll = next();
    if (roll < 0.2) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const name = unique('User', `${first}.${last}`);
      entities.push(user(name, `${titleCase(first)} ${titleCase(last)}`, `${name}@acme.example`, some(teams, 1, 2)));
    } else if (roll < 0.65) {
      const name = unique('Component', `${pick(NOUNS)}-${pick(next() < 0.5 ? NOUNS : SUFFIXES)}`);
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          ...(next() < 0.5 ? { title: titleCase(name) } : {}),
          description: sentence(name),
          tags: some(TAGS, 1, 4),
          annotations: {
            'github.com/project-slug': `acme/${name}`,
            'backstage.io/techdocs-ref': 'dir:.',
            ...(next() < 0.5 ? { 'pagerduty.com/service-id': `P${Math.floor(next() * 1e6).toString(36).toUpperCase()}` } : {}),
            ...(next() < 0.3 ? { 'sonarqube.org/project-key': `acme_${name.replace(/-/g, '_')}` } : {}),
          },
          links: some(LINK_TITLES, 0, 3).map((title) => ({ url: `https://${title.toLowerCase().replace(/\W+/g, '-')}.acme.example/${name}`, title })),
        },
        spec: {
          type: pick(COMPONENT_TYPES),
          lifecycle: pick(LIFECYCLES),
          owner: next() < 0.9 ? pick(teams) : `user:${pick(FIRST)}.${pick(LAST)}`,
          system: pick(systems),
          ...(apis.length ? { providesApis: some(apis, 0, 1), consumesApis: some(apis, 0, 2) } : {}),
        },
      });
    } else if (roll < 0.85) {
      const name = unique('API', `${pick(NOUNS)}-${pick(['api', 'events', 'graphql', 'grpc', 'v2-api'])}`);
      apis.push(name);
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name, ...(next() < 0.3 ? { title: titleCase(name) } : {}), description: sentence(name), tags: some(TAGS, 0, 2), annotations: { 'github.com/project-slug': `acme/${name}` } },
        spec: { type: pick(API_TYPES), lifecycle: pick(LIFECYCLES), owner: pick(teams), system: pick(systems), definition: 'openapi: 3.0.0' },
      });
    } else {
      const type = pick(RESOURCE_TYPES);
      const name = unique('Resource', `${pick(NOUNS)}-${type === 's3-bucket' ? 'bucket' : type === 'database' ? 'db' : type}`);
      entities.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name, description: sentence(name), tags: some(TAGS, 0, 1) }, spec: { type, owner: pick(teams), system: pick(systems) } });
    }
  }
  return entities.slice(0, count);
}
