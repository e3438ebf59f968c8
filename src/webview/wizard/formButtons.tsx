import type { IconButtonProps, TemplatesType } from '@rjsf/utils';

/** rjsf's own buttons draw Bootstrap glyph icons, which VS Code has not: these say what they do. */
function textButton(label: string, describe: string) {
  return function TextButton({ iconType: _iconType, icon: _icon, uiSchema: _uiSchema, registry: _registry, className, ...props }: IconButtonProps) {
    return (
      <button type="button" className={`secondary ${className ?? ''}`} title={describe} aria-label={describe} {...props}>
        {label}
      </button>
    );
  };
}

export const formButtons: Partial<TemplatesType['ButtonTemplates']> = {
  AddButton: textButton('Add', 'Add an item'),
  CopyButton: textButton('Copy', 'Copy this item'),
  MoveDownButton: textButton('↓', 'Move down'),
  MoveUpButton: textButton('↑', 'Move up'),
  RemoveButton: textButton('Remove', 'Remove this item'),
};
