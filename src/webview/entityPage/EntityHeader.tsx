import type { EntityPage, PageNavigation } from '../../protocol/entityPageMessages';
import { EntityActionNotification, NavigateNotification, type EntityAction } from '../../protocol/entityPageMessages';
import { host } from './hostBridge';
import { kindIconClass } from './kindIcons';

/** The page's head: Back and Forward, kind icon, title, ref, kind, type and lifecycle, and what can be done with the entity. */
export function EntityHeader({ page, navigation }: { page: EntityPage; navigation: PageNavigation }) {
  const { entity } = page;
  const act = (action: EntityAction) => () => host.notify(EntityActionNotification, { action });
  const chips = [entity.kind, entity.type, entity.lifecycle].filter((chip): chip is string => Boolean(chip));
  return (
    <>
      <nav className="history" aria-label="Pages visited">
        <button
          type="button"
          className="secondary icon"
          disabled={!navigation.back}
          title={navigation.back ? `Back to ${navigation.back.title} (Alt+Left)` : 'Back'}
          aria-label={navigation.back ? `Back to ${navigation.back.title}` : 'Back'}
          onClick={() => host.notify(NavigateNotification, { to: 'back' })}
        >
          <span className="codicon codicon-arrow-left" aria-hidden="true" />
        </button>
        <button
          type="button"
          className="secondary icon"
          disabled={!navigation.forward}
          title={navigation.forward ? `Forward to ${navigation.forward.title} (Alt+Right)` : 'Forward'}
          aria-label={navigation.forward ? `Forward to ${navigation.forward.title}` : 'Forward'}
          onClick={() => host.notify(NavigateNotification, { to: 'forward' })}
        >
          <span className="codicon codicon-arrow-right" aria-hidden="true" />
        </button>
      </nav>
      <header className="header">
        <span className={`${kindIconClass(entity.kind)} kind-icon`} aria-hidden="true" />
        <div className="heading">
          <h1>{entity.title}</h1>
          <div className="ref">
            <code>{entity.ref}</code>
            {chips.map((chip, index) => (
              <span key={index} className="chip">
                {chip}
              </span>
            ))}
            {!page.inWorkspace && (
              <span className="chip remote" title="This entity is in Backstage's catalog, not in a workspace file">
                <span className="codicon codicon-cloud" aria-hidden="true" /> Backstage
              </span>
            )}
          </div>
          {entity.invalidReason && (
            <p className="invalid" role="note">
              <span className="codicon codicon-error" aria-hidden="true" /> {entity.invalidReason}
            </p>
          )}
          <div className="actions" role="toolbar" aria-label="Entity actions">
            {entity.kind === 'Template' && !entity.invalidReason && (
              <button type="button" onClick={act('createFromTemplate')}>
                <span className="codicon codicon-wand" aria-hidden="true" /> Create from This Template
              </button>
            )}
            <button type="button" className={entity.kind === 'Template' ? 'secondary' : undefined} onClick={act('goToDefinition')}>
              <span className="codicon codicon-go-to-file" aria-hidden="true" /> {page.inWorkspace ? 'Go to Definition' : 'Show YAML'}
            </button>
            {entity.backstageUrl && (
              <button type="button" className="secondary" onClick={act('openInBackstage')}>
                <span className="codicon codicon-link-external" aria-hidden="true" /> Open in Backstage
              </button>
            )}
            {(entity.hasLocalDocs || entity.hasPublishedDocs) && (
              <button type="button" className="secondary" onClick={act('openDocs')}>
                <span className="codicon codicon-book" aria-hidden="true" /> Docs
              </button>
            )}
            <button type="button" className="secondary" onClick={act('copyRef')}>
              <span className="codicon codicon-copy" aria-hidden="true" /> Copy Ref
            </button>
          </div>
        </div>
      </header>
    </>
  );
}
