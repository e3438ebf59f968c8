import { useId, useState, type KeyboardEvent } from 'react';
import type { EntityOption } from '../../protocol/wizardMessages';

/** At most this many suggestions are listed; typing narrows them. */
const MAX_SHOWN = 50;

interface Props {
  id: string;
  value: string;
  entities: EntityOption[];
  /** Called with what the field now holds: a picked entity's ref, or the typed text when arbitrary values are allowed. */
  onValue: (value: string | undefined) => void;
  /** Backstage's `allowArbitraryValues` (default true); when false only a catalog ref is taken. */
  allowArbitraryValues?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
}

/**
 * A text field with the catalog's entities as suggestions, as Backstage's EntityPicker autocomplete
 * offers them: filtered by title or ref as the user types, in VS Code's list colours, used with the
 * keyboard (arrows, Enter, Escape) or the mouse, announced as an ARIA combobox.
 */
export function EntityCombobox({ id, value, entities, onValue, allowArbitraryValues = true, autoFocus, disabled }: Props) {
  const listId = useId();
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // The shown text follows the form's value when it changes from outside (a restored state, a reset).
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }

  const query = text.trim().toLowerCase();
  const shown = entities.filter((entity) => !query || entity.ref.toLowerCase().includes(query) || entity.title.toLowerCase().includes(query)).slice(0, MAX_SHOWN);

  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(-1);
    const exact = entities.find((entity) => entity.ref.toLowerCase() === next.trim().toLowerCase());
    onValue(exact ? exact.ref : allowArbitraryValues ? next || undefined : undefined);
  };
  const pick = (entity: EntityOption) => {
    setText(entity.ref);
    setOpen(false);
    setActive(-1);
    onValue(entity.ref);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      if (shown.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' && open && active >= 0 && shown[active]) {
      // Enter picks the highlighted entity instead of going to the next page.
      event.preventDefault();
      pick(shown[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const expanded = open && shown.length > 0;
  return (
    <div className="combobox">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={text}
        autoFocus={autoFocus}
        disabled={disabled}
        onChange={(event) => type(event.target.value)}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          // As Backstage's picker does without free text: what names no catalog entity is cleared.
          if (!allowArbitraryValues && !entities.some((entity) => entity.ref === text)) setText('');
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {expanded ? (
        <ul id={listId} role="listbox" className="combobox-list">
          {shown.map((entity, index) => (
            <li
              key={entity.ref}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              // Before the input's blur, so that the click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(entity);
              }}
            >
              <span className="combobox-title">{entity.title}</span>
              <span className="combobox-ref">{entity.ref}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
