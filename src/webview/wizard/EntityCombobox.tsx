import Fuse, { type Expression } from 'fuse.js';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EntityOption } from '../../protocol/wizardMessages';

/** At most this many suggestions are listed; typing narrows them. */
const MAX_SHOWN = 50;

interface Props {
  id: string;
  value: string;
  /** Undefined until the extension has answered. */
  entities: EntityOption[] | undefined;
  /** Called with what the field now holds: a picked entity's ref, or the typed text when arbitrary values are allowed. */
  onValue: (value: string | undefined) => void;
  /** Backstage's `allowArbitraryValues` (default true); when false only a catalog ref is taken. */
  allowArbitraryValues?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
}

const normal = (text: string) => text.trim().toLowerCase();

/**
 * The entities that `query` names: those holding every word of it in their title or ref, in the
 * catalog's order; when none does, the closest by fuse.js, as the catalog search forgives typos
 * ("tem b" finds team-b), each word still having to match.
 */
function matching(entities: EntityOption[], fuse: Fuse<EntityOption>, query: string): EntityOption[] {
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length === 0) return entities;
  const exact = entities.filter((entity) => words.every((word) => entity.title.toLowerCase().includes(word) || entity.ref.toLowerCase().includes(word)));
  if (exact.length > 0) return exact;
  const anyKey = (word: string): Expression => ({ $or: [{ title: word }, { ref: word }] as Expression[] });
  return fuse.search({ $and: words.map(anyKey) }).map((result) => result.item);
}

/**
 * A text field with the catalog's entities as suggestions, as Backstage's EntityPicker autocomplete
 * offers them: narrowed by title or ref as the user types, typos forgiven, in VS Code's suggest-widget colours, used
 * with the keyboard (arrows, Enter, Escape) or the mouse, announced as an ARIA combobox.
 */
export function EntityCombobox({ id, value, entities, onValue, allowArbitraryValues = true, autoFocus, disabled }: Props) {
  const listId = useId();
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  // Typing narrows the list; opening it (focus, click, arrow) shows it whole.
  const [typing, setTyping] = useState(false);
  const [active, setActive] = useState(-1);
  // What this field last handed the form: a value that differs came from outside (a restored state,
  // a reset) and replaces the text; the field's own edits must not.
  const emitted = useRef(value);
  const emit = (next: string | undefined) => {
    emitted.current = next ?? '';
    onValue(next);
  };
  if (value !== emitted.current) {
    emitted.current = value;
    setText(value);
  }
  const known = (typed: string) => entities?.find((entity) => normal(entity.ref) === normal(typed));

  const fuse = useMemo(() => new Fuse(entities ?? [], { keys: ['title', 'ref'], threshold: 0.4, ignoreLocation: true }), [entities]);
  const query = typing ? normal(text) : '';
  const shown = matching(entities ?? [], fuse, query).slice(0, MAX_SHOWN);
  const expanded = open && shown.length > 0;
  // Typed text that names nothing says so, rather than the list just vanishing.
  const nothingFound = open && entities !== undefined && shown.length === 0 && query !== '';
  const current = expanded && active < shown.length ? active : -1;

  // A ref typed before the catalog's answer came is taken once it is there.
  useEffect(() => {
    const entity = text && text !== value ? entities?.find((candidate) => normal(candidate.ref) === normal(text)) : undefined;
    if (entity) emit(entity.ref);
    // Only the catalog's answer arriving calls for this: typing is handled as it happens.
  }, [entities]);

  useEffect(() => {
    if (current >= 0) document.getElementById(`${listId}-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, listId]);

  const type = (next: string) => {
    setText(next);
    setTyping(true);
    setActive(-1);
    const entity = known(next);
    // A ref typed in full is picked: the list closes.
    setOpen(!entity);
    emit(entity ? entity.ref : allowArbitraryValues ? next || undefined : undefined);
  };
  const show = () => {
    setTyping(false);
    setOpen(true);
  };
  const pick = (entity: EntityOption) => {
    setText(entity.ref);
    setOpen(false);
    setActive(-1);
    emit(entity.ref);
  };
  // Leaving the field settles what it holds: a ref in the catalog's spelling, or, where only catalog
  // refs are taken, nothing for text naming none (once the catalog's answer is there to tell).
  const settle = () => {
    setOpen(false);
    if (!entities || text === value) return;
    const entity = known(text);
    if (entity) {
      setText(entity.ref);
      emit(entity.ref);
    } else if (!allowArbitraryValues) {
      setText('');
      emit(undefined);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) show();
      if (shown.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (Math.min(index, shown.length - 1) + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' && current >= 0) {
      // Enter picks the highlighted entity instead of going to the next page.
      event.preventDefault();
      pick(shown[current]);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="combobox">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={expanded ? listId : undefined}
        aria-activedescendant={current >= 0 ? `${listId}-${current}` : undefined}
        autoComplete="off"
        value={text}
        autoFocus={autoFocus}
        disabled={disabled}
        onChange={(event) => type(event.target.value)}
        onFocus={show}
        onBlur={settle}
        onClick={show}
        onKeyDown={onKeyDown}
      />
      {expanded ? (
        // A press anywhere on the list (its scroll bar too) keeps the focus in the field.
        <ul id={listId} role="listbox" aria-label="Entities from the catalog" className="combobox-list" onMouseDown={(event) => event.preventDefault()}>
          {shown.map((entity, index) => (
            <li key={entity.ref} id={`${listId}-${index}`} role="option" aria-selected={index === current} className={index === current ? 'active' : undefined} onClick={() => pick(entity)}>
              <span className="combobox-title">{entity.title}</span>
              <span className="combobox-ref">{entity.ref}</span>
            </li>
          ))}
        </ul>
      ) : nothingFound ? (
        <div role="status" className="combobox-list combobox-empty">
          No matching entities
        </div>
      ) : null}
    </div>
  );
}
