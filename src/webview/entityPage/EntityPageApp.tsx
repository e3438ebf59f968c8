import { useEffect, useState } from 'react';
import { NavigateNotification, ShowNavigationNotification, ShowPageNotification, type EntityPageView, type PageNavigation } from '../../protocol/entityPageMessages';
import { AboutCard } from './AboutCard';
import { ApiDefinition } from './ApiDefinition';
import { EntityHeader } from './EntityHeader';
import { host } from './hostBridge';
import { LocationTargets } from './LocationTargets';
import { RelationSections } from './RelationSections';
import { RelationsGraph } from './RelationsGraph';

/** The entity page: what the host sends, shown again whenever the catalog changes. */
export function EntityPageApp() {
  const [view, setView] = useState<EntityPageView | undefined>();
  /** Counts the pages the host sent: the graph asks again with each. */
  const [version, setVersion] = useState(0);
  const [navigation, setNavigation] = useState<PageNavigation>({});
  useEffect(() => {
    const stops = [
      host.on(ShowPageNotification, (next) => {
        setView(next);
        setVersion((count) => count + 1);
        // What a reloaded window needs to bring this page back.
        host.saveState({ ref: 'page' in next ? next.page.entity.ref : next.missing });
      }),
      host.on(ShowNavigationNotification, setNavigation),
    ];
    // Alt+Left and Alt+Right, as in a browser and in VS Code's own Go Back and Go Forward.
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
      event.preventDefault();
      host.notify(NavigateNotification, { to: event.key === 'ArrowLeft' ? 'back' : 'forward' });
    };
    window.addEventListener('keydown', onKey);
    host.ready();
    return () => {
      for (const stop of stops) stop();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  if (!view) return <p className="loading">Loading…</p>;
  if ('missing' in view) {
    return (
      <main>
        <p className="notice" role="status">
          <code>{view.missing}</code> is not in the catalog. The page comes back when the entity does.
        </p>
      </main>
    );
  }
  const { page } = view;
  return (
    <main>
      <EntityHeader page={page} navigation={navigation} />
      <div className="grid">
        <AboutCard page={page} />
        {page.targets && <LocationTargets targets={page.targets} />}
      </div>
      <RelationSections sections={page.sections} />
      <RelationsGraph version={version} />
      {page.definition && <ApiDefinition definition={page.definition} />}
    </main>
  );
}
