/**
 * Every message between the extension host and the catalog server beyond standard LSP, each declared
 * once as a typed handle with the side that sends it: both sides use the handle, so a payload that
 * does not match its message is a compile error. The webview imports types only from here.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { Sealed } from './sealedSecrets';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where an entity is defined. */
export interface SourceLocation {
  uri: string;
  range: Range;
  selectionRange: Range;
}

export type GroupBy = 'kind' | 'owner' | 'system';

/** What the tree shows for one entity. */
export interface EntitySummary {
  ref: string;
  kind: string;
  name: string;
  namespace: string;
  title: string;
  description?: string;
  type?: string;
  lifecycle?: string;
  /** Full ref of the owner, defaulted as Backstage defaults it. */
  owner?: string;
  system?: string;
  tags: string[];
  /** A user's or group's `spec.profile.email`. */
  email?: string;
  /** Full refs of the groups a user is a member of. */
  memberOf?: string[];
  location: SourceLocation;
  /** Why Backstage would reject the entity, when it would. */
  invalidReason?: string;
  /** Backstage's full message for the rejection. */
  invalidMessage?: string;
  /** Set when this definition is a second one of a ref defined elsewhere. */
  duplicateOf?: SourceLocation;
  /** Where it comes from: a workspace file, a Backstage instance, or both (the workspace copy shown). */
  origins: ('workspace' | 'backstage')[];
  /** The entity's page in Backstage, when a Backstage instance has it. */
  backstageUrl?: string;
  /** Its techdocs-ref is a `dir:` of the workspace: Open Docs shows them. */
  hasLocalDocs?: boolean;
  /** Only Backstage has it, with a techdocs-ref: Open Docs shows the site its TechDocs backend publishes. */
  hasPublishedDocs?: boolean;
  /** The key of its group under each grouping (EntityGroupSummary.key), so the tree can find its row. */
  groupKeys: Record<GroupBy, string>;
}

export interface EntityGroupSummary {
  key: string;
  label: string;
  count: number;
  invalidCount: number;
}

export interface RelationView {
  type: string;
  targetRef: string;
  /** Undefined when the target is not in the catalog. */
  target?: EntitySummary;
}

export interface LinkView {
  title: string;
  url: string;
  icon?: string;
  /** `metadata.links` or the annotation it was derived from. */
  origin: string;
}

export interface EntityDetails {
  entity: EntitySummary;
  relations: RelationView[];
  links: LinkView[];
}

export interface CatalogStatus {
  /** False until the first load has finished. */
  loaded: boolean;
  /** Entities shown: while the first load reads files (`progress` set), those read so far. */
  entityCount: number;
  fileCount: number;
  errorCount: number;
  warningCount: number;
  /** How many of the organisation's rules are in force: the Catalog Health view shows when there are any. */
  ruleCount: number;
  /** Increases with every change of the catalog. */
  version: number;
  /** While the first load reads files: how far it has got (requests answer from what it has read; problems come at the end). */
  progress?: CatalogLoadProgress;
}

export interface CatalogLoadProgress {
  filesRead: number;
  /** Files found so far: the workspace's catalog files, and those their Locations named until now. */
  filesFound: number;
  entities: number;
}

/** Server → client notification: the catalog changed (after load, a file event or an edit), or the first load read more files (`loaded: false`, with `progress`). */
export const CatalogChangedNotification = new NotificationType<CatalogStatus>('greenroom/catalogChanged');

/** Client → server request: the current status. */
export const CatalogStatusRequest = new RequestType0<CatalogStatus, void>('greenroom/status');

/** Client → server request: the top-level groups of the tree. */
export const EntityGroupsRequest = new RequestType<EntityGroupsParams, EntityGroupsResult, void>('greenroom/entityGroups');
export interface EntityGroupsParams {
  groupBy: GroupBy;
}
export type EntityGroupsResult = EntityGroupSummary[];

/** Client → server request: the entities of one group, sorted as the tree shows them. */
export const GroupEntitiesRequest = new RequestType<GroupEntitiesParams, GroupEntitiesResult, void>('greenroom/groupEntities');
export interface GroupEntitiesParams {
  groupBy: GroupBy;
  key: string;
}
export type GroupEntitiesResult = EntitySummary[];

/** Client → server request: an entity with its relations and links; null when no such entity exists. */
export const EntityDetailsRequest = new RequestType<EntityDetailsParams, EntityDetailsResult, void>('greenroom/entityDetails');
export interface EntityDetailsParams {
  ref: string;
  /** Picks one definition of a ref defined twice. */
  location?: { uri: string; line: number };
}
export type EntityDetailsResult = EntityDetails | null;

/** Client → server request: the entity's card as Markdown (the same as its hover in the editor); null when unknown. */
export const EntityCardRequest = new RequestType<EntityDetailsParams, string | null, void>('greenroom/entityCard');

/** Client → server request: search the catalog; results best first. Filters are part of the query (`kind:api`). */
export const SearchRequest = new RequestType<SearchParams, SearchResultList, void>('greenroom/search');
export interface SearchParams {
  query: string;
  limit?: number;
}
export interface SearchHit {
  entity: EntitySummary;
}
export type SearchResultList = SearchHit[];

/** Client → server request: every link of every entity, for the "Open Tool Link" picker. */
export const AllLinksRequest = new RequestType0<AllLinksResult, void>('greenroom/allLinks');
export interface EntityLink {
  entity: EntitySummary;
  link: LinkView;
}
export type AllLinksResult = EntityLink[];

/** Client → server request: re-discover and re-read every catalog file. */
export const ReloadCatalogRequest = new RequestType0<void, void>('greenroom/reload');

/** The settings the server reads (section `greenroom.catalog`, per workspace folder). */
export interface CatalogSettings {
  include: string[];
  exclude: string[];
  /** Backstage catalog backend modules in use, by npm package name: the kinds they add are validated. */
  backstageModules?: string[];
  /** The organisation's rules file, relative to the first workspace folder. */
  rulesFile?: string;
}

/** The settings of section `greenroom.backstage` the server reads. */
export interface BackstageSettings {
  baseUrl: string;
  appUrl: string;
  instances: { baseUrl: string; appUrl?: string }[];
  refreshIntervalMinutes: number;
}

/** The state of one Backstage instance's catalog, as the status bar and the tree show it. */
export interface BackstageStatus {
  baseUrl: string;
  /**
   * `loading`: a load runs (with `loaded`/`total`); `ready`: the catalog shown is the latest;
   * `stale`: the last load failed and an older catalog is shown; `failed`: it failed and there is none.
   */
  state: 'loading' | 'ready' | 'stale' | 'failed';
  loaded?: number;
  total?: number;
  /** Entities shown from this instance. */
  entityCount: number;
  /** ISO time the catalog shown was read from Backstage. */
  fetchedAt?: string;
  /** Whether a token is sent. */
  signedIn: boolean;
  /** Why the last load failed: `kind` is the failure's class (`unauthorized`, `unreachable`…). */
  error?: { kind: string; message: string };
  /** ISO time of the next attempt Greenroom makes by itself, when it makes one. */
  retryAt?: string;
}

/** Server → client notification: every configured instance's status, after each change of one. */
export const BackstageStatusNotification = new NotificationType<BackstageStatusParams>('greenroom/backstageStatus');
/** An object, not a bare array: JSON-RPC would spread an array into positional parameters. */
export interface BackstageStatusParams {
  instances: BackstageStatus[];
}

/**
 * Server → client request: the token to send to `origin`, or null for none. The client answers only
 * for the origin the token was stored for, and never in an untrusted workspace.
 */
export const BackstageTokenRequest = new RequestType<BackstageTokenParams, BackstageTokenResult, void>('greenroom/backstageToken');
export interface BackstageTokenParams {
  origin: string;
}
export type BackstageTokenResult = string | Sealed | null;

/** Client → server request: check a base URL and token before they are saved. */
export const CheckBackstageRequest = new RequestType<CheckBackstageParams, CheckBackstageResult, void>('greenroom/checkBackstage');
export interface CheckBackstageParams {
  baseUrl: string;
  token?: string | Sealed;
}
export type CheckBackstageResult = { ok: true; entityCount: number } | { ok: false; kind: string; message: string };

/** Client → server request: load the Backstage catalogs again now; `forget` first drops an instance's cached catalog (sign-out). */
export const RefreshBackstageRequest = new RequestType<RefreshBackstageParams, void, void>('greenroom/refreshBackstage');
export interface RefreshBackstageParams {
  forget?: string;
}

/** Client → server request: the whole entity behind a `greenroom-backstage:` URI, as YAML. */
export const RemoteEntityTextRequest = new RequestType<RemoteEntityTextParams, string, void>('greenroom/remoteEntityText');
export interface RemoteEntityTextParams {
  uri: string;
}

/** The URI scheme of read-only documents showing an entity as Backstage has it. */
export const REMOTE_ENTITY_SCHEME = 'greenroom-backstage';

/** An entity a wizard's picker field offers. */
export interface EntityOption {
  ref: string;
  title: string;
  kind: string;
}

/**
 * Client → server request: entities of these kinds (lower-case; all when empty) for a wizard's
 * picker, in the tree's order; `mine` narrows them to the groups of the user `greenroom.user` names
 * (`groups`) or to what the user or their groups own (`owned`).
 */
export const PickerEntitiesRequest = new RequestType<PickerEntitiesParams, EntityOption[], void>('greenroom/pickerEntities');
export interface PickerEntitiesParams {
  kinds: string[];
  mine?: 'groups' | 'owned';
}

/** Client → server request: the catalog's Templates (workspace and Backstage), sorted by title. */
export const TemplatesRequest = new RequestType0<TemplatesResult, void>('greenroom/templates');
export type TemplatesResult = EntitySummary[];

/** Client → server request: what the wizard needs of one Template. */
export const TemplateFormRequest = new RequestType<TemplateFormParams, TemplateFormResult, void>('greenroom/templateForm');
export interface TemplateFormParams {
  ref: string;
}
export interface TemplateForm {
  ref: string;
  title: string;
  description?: string;
  /**
   * The wizard's pages, one per step: the step's schema (without its title, the page's heading) and
   * its uiSchema, split apart as Backstage splits them, and the schema's validator compiled ahead
   * (the code of an ajv standalone module), so that the page needs no code generated at run time.
   */
  pages: { title: string; schema: Record<string, unknown>; uiSchema: Record<string, unknown>; validator: string }[];
  steps: { id: string; name: string; action: string }[];
  origin: 'workspace' | 'backstage';
  /** Actions of its steps that cannot run locally (without an `if` that could skip them). */
  unsupportedActions: string[];
}
export type TemplateFormResult = TemplateForm | null;

/**
 * Client → server request: the preview of the Template in an open file, from the editor's current
 * text: its form, which steps run for `parameters`, and its problems. Nothing runs.
 */
export const TemplatePreviewRequest = new RequestType<TemplatePreviewParams, TemplatePreview, void>('greenroom/templatePreview');
export interface TemplatePreviewParams {
  /** The template.yaml's document URI. */
  uri: string;
  parameters: Record<string, unknown>;
}
export interface TemplatePreview {
  /** Undefined when the file holds no Template (yet). */
  form?: TemplateForm;
  steps: { id: string; name: string; action: string; runs: 'yes' | 'no' | 'depends' | 'error'; why?: string }[];
  /** The file's problems, as its diagnostics show them (0-based line). */
  problems: { severity: 'error' | 'warning' | 'info'; message: string; line: number; code: string }[];
}

/**
 * Client → server request: a dry run of the Template in an open file, from the editor's current text,
 * with each file compared with the previous dry run of the same file.
 */
export const TemplatePreviewRunRequest = new RequestType<TemplatePreviewRunParams, TemplatePreviewRun, void>('greenroom/templatePreviewRun');
export interface TemplatePreviewRunParams extends TemplateSecrets {
  uri: string;
  parameters: Record<string, unknown>;
}
export interface TemplatePreviewFile {
  path: string;
  size: number;
  /** `large`: text past LARGE_FILE_BYTES, sent whole but shown folded; `binary`: no text. */
  kind: 'text' | 'large' | 'binary';
  text?: string;
  change: 'added' | 'changed' | 'unchanged';
  /** A unified diff against the previous dry run's file, when it changed. */
  diff?: string[];
}
export type TemplatePreviewRun =
  | { ok: true; files: TemplatePreviewFile[]; removed: string[]; log: string[]; output: TemplateOutputView; rawOutput: string; durationMs: number }
  | { ok: false; message: string; stepId?: string; log: string[] };

/** Client → server request: run a workspace Template locally into `targetFolder`; with `dryRun`, nothing is written. */
export const RunTemplateRequest = new RequestType<RunTemplateParams, RunTemplateResult, void>('greenroom/runTemplate');
/**
 * The values of a run's `ui:field: Secret` fields: used for that run only (a remote run sends them to
 * the scaffolder for its task), never stored or logged.
 */
export interface TemplateSecrets {
  /** Plain, from an editor that has no seal key. */
  secrets?: Record<string, string>;
  /** The extension's: the secrets sealed as one value (see sealedSecrets.ts). */
  sealedSecrets?: Sealed;
}

export interface RunTemplateParams extends TemplateSecrets {
  ref: string;
  parameters: Record<string, unknown>;
  /** Absolute path of the folder the files go to. */
  targetFolder: string;
  dryRun: boolean;
  /** Existing files (relative paths) the user confirmed may be replaced. */
  overwrite?: string[];
}
export interface TemplateFileView {
  /** Relative, `/`-separated. */
  path: string;
  size: number;
  /** The start of a text file, for the preview. */
  preview?: string;
  /** A file of that name exists in the target folder already. */
  exists: boolean;
}
export interface TemplateOutputView {
  links: { title: string; url?: string; entityRef?: string; icon?: string }[];
  text: { title?: string; content?: string }[];
}
export type RunTemplateResult =
  | { ok: true; files: TemplateFileView[]; log: string[]; output: TemplateOutputView; written: string[] }
  | { ok: false; message: string; stepId?: string; log: string[]; files?: TemplateFileView[] };

/**
 * Client → server notification: whether the user trusts the workspace. The server runs no workspace
 * Template while it is untrusted; an editor without a notion of trust never sends it (and may pass
 * `workspaceTrusted` at initialization instead).
 */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('greenroom/workspaceTrust');
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Server → client notification: a line of a running Template's log. */
export const TemplateLogNotification = new NotificationType<TemplateLogParams>('greenroom/templateLog');
export interface TemplateLogParams {
  ref: string;
  stepId?: string;
  message: string;
}

/** Client → server request: run a Template from Backstage on that Backstage's scaffolder; the log arrives as greenroom/templateLog. */
export const RunRemoteTemplateRequest = new RequestType<RunRemoteTemplateParams, RunRemoteTemplateResult, void>('greenroom/runRemoteTemplate');
export interface RunRemoteTemplateParams extends TemplateSecrets {
  ref: string;
  parameters: Record<string, unknown>;
}
export type RunRemoteTemplateResult =
  | { ok: true; taskId: string; taskUrl: string; output: TemplateOutputView; log: string[] }
  | { ok: false; message: string; taskId?: string; taskUrl?: string; log: string[] };

/**
 * Client → server request: wait until Backstage has `ref`, which a run of `templateRef` on its
 * scaffolder registered, then load that instance anew. True once the entity is in the catalog.
 */
export const AwaitRegisteredRequest = new RequestType<AwaitRegisteredParams, AwaitRegisteredResult, void>('greenroom/awaitRegistered');
export interface AwaitRegisteredParams {
  templateRef: string;
  ref: string;
}
export type AwaitRegisteredResult = boolean;

/** Client → server request: cancel the running scaffolder task of a Template. */
export const CancelRemoteTemplateRequest = new RequestType<CancelRemoteTemplateParams, void, void>('greenroom/cancelRemoteTemplate');
export interface CancelRemoteTemplateParams {
  ref: string;
}

/**
 * Server → client request: a GitHub token for `host` (github.com or a GitHub Enterprise host), for
 * publish:github; null when the user does not sign in. The client asks VS Code's GitHub sign-in.
 */
export const GitHubTokenRequest = new RequestType<GitHubTokenParams, GitHubTokenResult, void>('greenroom/githubToken');
export interface GitHubTokenParams {
  host: string;
}
export type GitHubTokenResult = string | Sealed | null;

/** The settings of section `greenroom.github` the server reads. */
export interface GitHubSettings {
  /** API URLs of GitHub Enterprise hosts, as Backstage's `integrations.github` lists them. */
  integrations: { host: string; apiBaseUrl: string }[];
}

export interface RuleHealthView {
  id: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** Entities the rule applies to, and how many of them pass. */
  applicable: number;
  passing: number;
  /** The failing entities, by owner: the owners `greenroom.user` belongs to first. */
  owners: { owner: string; mine: boolean; failing: { entity: EntitySummary; reason: string }[] }[];
}

export interface RuleHealthResult {
  /** The rules file, whether or not it exists; undefined without a workspace folder. */
  rulesFile?: string;
  rules: RuleHealthView[];
}

/** Extension → server: each organisation rule's pass rate over the catalog, for the Catalog Health view. */
export const RuleHealthRequest = new RequestType0<RuleHealthResult, void>('greenroom/ruleHealth');

/** Another entity as the entity page lists it: a link to its own page, or a ref the catalog lacks. */
export interface EntityPageLink {
  ref: string;
  title: string;
  kind: string;
  /** False when the ref names no entity in the catalog. */
  inCatalog: boolean;
  description?: string;
  type?: string;
  /** A user's or group's email. */
  email?: string;
}

/** A part of the entity page: one relation kind's entities, e.g. "Provided APIs" or "Owns · Components". */
export interface EntityPageSection {
  id: string;
  title: string;
  /** What the section says when it lists nothing, e.g. "Provides no APIs". */
  empty: string;
  /** The first entities, by title; `total` counts them all. */
  entities: EntityPageLink[];
  total: number;
}

/** One operation of an API definition, as the entity page lists it. */
export interface ApiOperationView {
  method: string;
  path: string;
  summary?: string;
  parameters: { name: string; in: string; required: boolean }[];
}

/** A schema or message of an API definition, with its top-level properties. */
export interface ApiSchemaView {
  name: string;
  kind: 'schema' | 'message';
  description?: string;
  properties: { name: string; type: string; required: boolean }[];
}

/** One target of a Location, and the entities of the files it reaches. */
export interface LocationTargetView {
  target: string;
  /** What the target's files define, first ones by title; `total` counts them all. */
  produced: EntityPageLink[];
  total: number;
  /** Why the target cannot be followed, if it cannot. */
  failure?: string;
}

/** Everything the entity page shows of one entity, decided by the server from the catalog. */
export interface EntityPage {
  entity: EntitySummary;
  /** The entity's owner, system and domain (a component's domain is its system's), as links. */
  owner?: EntityPageLink;
  system?: EntityPageLink;
  domain?: EntityPageLink;
  /** A group's parent. */
  parent?: EntityPageLink;
  links: LinkView[];
  /** The relations, per kind, in the order the page shows them. */
  sections: EntityPageSection[];
  /**
   * An API's definition as text (its `$text` already read), with its type (`openapi`, `grpc`…) and,
   * for OpenAPI and AsyncAPI, its operations (method or action, path or channel, summary, parameters)
   * and its schemas and messages.
   */
  definition?: { type: string; text: string; operations: ApiOperationView[]; schemas: ApiSchemaView[] };
  /** A Location's targets as written, with what each produced (known for workspace Locations only). */
  targets?: LocationTargetView[];
  /** Whether the entity is defined in a workspace file (else only Backstage has it). */
  inWorkspace: boolean;
}

/** Client → server request: the entity page of one entity; null when the catalog has no such entity. */
export const EntityPageRequest = new RequestType<EntityDetailsParams, EntityPage | null, void>('greenroom/entityPage');

/** Who owns a file, and why: the rule that decided, in words a person can check. */
export interface FileOwner {
  /** The entity that claims the file, when one does. */
  entity?: EntityPageLink;
  /** The entity's owner, or the team or person CODEOWNERS names. */
  owner?: EntityPageLink;
  /**
   * `catalog-file`: the file defines the entity; `api-definition`: an API reads it as its definition;
   * `nearest-catalog-info`: the nearest catalog-info.yaml up the folders; `source-location`: an entity whose
   * `backstage.io/source-location` names this repository and a folder holding the file; `codeowners`: no entity claims it, CODEOWNERS does.
   */
  rule: 'catalog-file' | 'api-definition' | 'nearest-catalog-info' | 'source-location' | 'codeowners';
  /** Why, e.g. "services/payments/catalog-info.yaml is the nearest catalog-info.yaml". */
  why: string;
  /** The claiming entity's tool links. */
  links: LinkView[];
  /** The claiming entity has docs Open Docs can show (local, or published by Backstage). */
  hasDocs?: boolean;
}

/** Client → server request: who owns the file at `uri` (an editor's file or an Explorer selection); null when nothing says. */
export const FileOwnerRequest = new RequestType<FileOwnerParams, FileOwner | null, void>('greenroom/fileOwner');
export interface FileOwnerParams {
  uri: string;
}

/** An entity in the relations graph. */
export interface EntityGraphNode {
  ref: string;
  title: string;
  kind: string;
  inCatalog: boolean;
}

/** A relation in the graph, in its forward direction (`ownedBy`, `partOf`, `providesApi`, `consumesApi`, `dependsOn`, `memberOf`, `childOf`). */
export interface EntityGraphEdge {
  source: string;
  target: string;
  type: string;
}

/** An entity's neighbourhood: what lies within `depth` relations of it, either way. */
export interface EntityGraph {
  root: string;
  nodes: EntityGraphNode[];
  edges: EntityGraphEdge[];
  /** Set when the neighbourhood was cut at the node limit. */
  truncated: boolean;
}

/** Client → server request: the relations graph around an entity, to a depth of 1–3; null when the catalog lacks it. */
export const EntityGraphRequest = new RequestType<EntityGraphParams, EntityGraph | null, void>('greenroom/entityGraph');
export interface EntityGraphParams {
  ref: string;
  depth: number;
}

/** An API whose definition is the file asked about, with who provides and consumes it. */
export interface ApiDefinitionLens {
  api: EntityPageLink;
  providers: EntityPageLink[];
  consumers: EntityPageLink[];
}

/**
 * Client → server request: the APIs whose definition a file is (read through `$text` from their
 * catalog file); `text` is the file's text in the editor, which tells apart two APIs of one catalog file.
 */
export const ApiDefinitionLensRequest = new RequestType<ApiDefinitionLensParams, ApiDefinitionLens[], void>('greenroom/apiDefinitionLens');
export interface ApiDefinitionLensParams {
  uri: string;
  text: string;
}
