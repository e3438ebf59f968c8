import type { FieldProps, RegistryFieldsType } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { EntitiesRequest, type EntityOption } from '../../protocol/wizardMessages';
import { EntityCombobox } from './EntityCombobox';
import { host } from './hostBridge';

// Errors are shown by rjsf's field template around these fields, under them, as for every field.

/** The kinds a picker offers: `catalogFilter.kind` (one or many, also inside a list of filters) or `allowedKinds`. */
function kindsOf(options: Record<string, unknown> | undefined, fallback: string[]): string[] {
  const filters = options?.catalogFilter;
  const kinds = new Set<string>();
  for (const filter of Array.isArray(filters) ? filters : filters ? [filters] : []) {
    const kind = (filter as { kind?: unknown }).kind;
    for (const k of Array.isArray(kind) ? kind : kind ? [kind] : []) kinds.add(String(k).toLowerCase());
  }
  const allowed = options?.allowedKinds;
  if (Array.isArray(allowed)) for (const k of allowed) kinds.add(String(k).toLowerCase());
  return kinds.size > 0 ? [...kinds] : fallback;
}

/** The catalog's entities of `kinds`, undefined until the extension has answered. */
function useEntities(kinds: string[], mine?: 'groups' | 'owned'): EntityOption[] | undefined {
  const [entities, setEntities] = useState<EntityOption[] | undefined>(undefined);
  const key = kinds.join(',');
  useEffect(() => {
    let live = true;
    // A failed request offers nothing to pick; the host has shown why.
    void host.request(EntitiesRequest, { kinds: key ? key.split(',') : [], mine }).then(
      (found) => live && setEntities(found),
      () => live && setEntities([]),
    );
    return () => {
      live = false;
    };
  }, [key, mine]);
  return entities;
}

function Label({ props, htmlFor }: { props: FieldProps; htmlFor: string }) {
  const title = (props.uiSchema?.['ui:title']) ?? props.schema.title ?? props.name;
  return (
    <label className="field-label" htmlFor={htmlFor}>
      {title}
      {props.required ? <span className="required">*</span> : null}
    </label>
  );
}

function Help({ props }: { props: FieldProps }) {
  const text = (props.uiSchema?.['ui:help']) ?? props.schema.description;
  return text ? <div className="field-help">{text}</div> : null;
}

/** A field suggesting the catalog's entities of the allowed kinds (the user's own, with `mine`). */
function entityPicker(fallbackKinds: string[], mine?: 'groups' | 'owned') {
  return function EntityPickerField(props: FieldProps) {
    const id = props.fieldPathId.$id;
    const options = props.uiSchema?.['ui:options'] as Record<string, unknown> | undefined;
    const entities = useEntities(kindsOf(options, fallbackKinds), mine);
    return (
      <div className="field">
        <Label props={props} htmlFor={id} />
        <EntityCombobox
          id={id}
          value={typeof props.formData === 'string' ? props.formData : ''}
          entities={entities}
          allowArbitraryValues={options?.allowArbitraryValues !== false}
          autoFocus={props.uiSchema?.['ui:autofocus'] === true}
          disabled={props.disabled || props.readonly}
          onValue={(value) => props.onChange(value, props.fieldPathId.path)}
        />
        <Help props={props} />
      </div>
    );
  };
}

function MultiEntityPicker(props: FieldProps) {
  const id = props.fieldPathId.$id;
  const options = props.uiSchema?.['ui:options'] as Record<string, unknown> | undefined;
  const entities = useEntities(kindsOf(options, [])) ?? [];
  const selected = new Set(Array.isArray(props.formData) ? (props.formData as string[]) : []);
  return (
    <div className="field">
      <Label props={props} htmlFor={id} />
      <select id={id} multiple size={Math.min(8, Math.max(3, entities.length))} onChange={(event) => props.onChange([...event.target.selectedOptions].map((o) => o.value), props.fieldPathId.path)}>
        {entities.map((entity) => (
          <option key={entity.ref} value={entity.ref} selected={selected.has(entity.ref)}>
            {entity.title} ({entity.ref})
          </option>
        ))}
      </select>
      <Help props={props} />
    </div>
  );
}

function TextField({ props, type = 'text', value, onValue }: { props: FieldProps; type?: string; value: string; onValue: (value: string) => void }) {
  const id = props.fieldPathId.$id;
  return (
    <div className="field">
      <Label props={props} htmlFor={id} />
      <input id={id} type={type} value={value} autoFocus={props.uiSchema?.['ui:autofocus'] === true} disabled={props.disabled || props.readonly} autoComplete={type === 'password' ? 'off' : undefined} onChange={(event) => onValue(event.target.value)} />
      <Help props={props} />
    </div>
  );
}

/** A field holding one string, typed: EntityNamePicker, RepoBranchPicker, and Secret as a password. */
function stringField(type = 'text') {
  return function StringField(props: FieldProps) {
    return <TextField props={props} type={type} value={typeof props.formData === 'string' ? props.formData : ''} onValue={(value) => props.onChange(value || undefined, props.fieldPathId.path)} />;
  };
}

function EntityTagsPicker(props: FieldProps) {
  const tags = Array.isArray(props.formData) ? (props.formData as string[]) : [];
  return <TextField props={props} value={tags.join(', ')} onValue={(value) => props.onChange(value.split(',').map((tag) => tag.trim()).filter(Boolean), props.fieldPathId.path)} />;
}

/** One of `allowedOwners`, or any owner when the template allows all. */
function RepoOwnerPicker(props: FieldProps) {
  const owners = ((props.uiSchema?.['ui:options'] as { allowedOwners?: string[] } | undefined)?.allowedOwners ?? []).filter((owner) => typeof owner === 'string');
  const id = props.fieldPathId.$id;
  return (
    <div className="field">
      <Label props={props} htmlFor={id} />
      <ChoiceOrText id={id} value={typeof props.formData === 'string' ? props.formData : ''} choices={owners} allowEmpty onValue={(owner) => props.onChange(owner || undefined, props.fieldPathId.path)} />
      <Help props={props} />
    </div>
  );
}

/** A select of the allowed values when the template lists them, else free text. */
function ChoiceOrText({ id, value, choices, allowEmpty = false, onValue }: { id: string; value: string; choices: string[]; allowEmpty?: boolean; onValue: (value: string) => void }) {
  if (choices.length === 0) return <input id={id} value={value} onChange={(event) => onValue(event.target.value)} />;
  return (
    <select id={id} value={value} onChange={(event) => onValue(event.target.value)}>
      {allowEmpty ? <option value="" /> : null}
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
    </select>
  );
}

/** `host?owner=o&repo=r`, as Backstage's RepoUrlPicker writes it. */
function RepoUrlPicker(props: FieldProps) {
  const options = (props.uiSchema?.['ui:options'] ?? {}) as { allowedHosts?: string[]; allowedOwners?: string[] };
  const current = typeof props.formData === 'string' ? props.formData : '';
  const [hostPart, query = ''] = current.split('?');
  const params = new URLSearchParams(query);
  const hosts = options.allowedHosts ?? [];
  const value = { host: hostPart || hosts[0] || '', owner: params.get('owner') ?? '', repo: params.get('repo') ?? '' };
  const update = (change: Partial<typeof value>) => {
    const next = { ...value, ...change };
    const search = new URLSearchParams();
    if (next.owner) search.set('owner', next.owner);
    if (next.repo) search.set('repo', next.repo);
    props.onChange(next.host || next.owner || next.repo ? `${next.host}?${search.toString()}` : undefined, props.fieldPathId.path);
  };
  const id = props.fieldPathId.$id;
  return (
    <fieldset className="field repo-url">
      <legend className="field-label">
        {props.schema.title ?? 'Repository location'}
        {props.required ? <span className="required">*</span> : null}
      </legend>
      <label htmlFor={`${id}-host`}>Host</label>
      <ChoiceOrText id={`${id}-host`} value={value.host} choices={hosts} onValue={(host) => update({ host })} />
      <label htmlFor={`${id}-owner`}>Owner</label>
      <ChoiceOrText id={`${id}-owner`} value={value.owner} choices={options.allowedOwners ?? []} allowEmpty onValue={(owner) => update({ owner })} />
      <label htmlFor={`${id}-repo`}>Repository</label>
      <input id={`${id}-repo`} value={value.repo} onChange={(event) => update({ repo: event.target.value })} />
      <Help props={props} />
    </fieldset>
  );
}

/** Backstage's scaffolder field extensions, backed by the catalog Greenroom holds. */
export const catalogFields: RegistryFieldsType = {
  EntityPicker: entityPicker([]),
  OwnerPicker: entityPicker(['group', 'user']),
  OwnedEntityPicker: entityPicker([], 'owned'),
  MyGroupsPicker: entityPicker(['group'], 'groups'),
  MultiEntityPicker,
  EntityNamePicker: stringField(),
  EntityTagsPicker,
  RepoUrlPicker,
  RepoOwnerPicker,
  RepoBranchPicker: stringField(),
  // Never stored: the wizard moves its value to the run's secrets and leaves it out of the saved state.
  Secret: stringField('password'),
};

/** EntityNamePicker's rule, in Backstage's words. */
export const ENTITY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const ENTITY_NAME_MESSAGE = 'Must start and end with an alphanumeric character, and contain only alphanumeric characters, hyphens, underscores, and periods. Maximum length is 63 characters.';
