import { useEffect, useState } from 'react';
import { ShowPageNotification, type EntityPageView } from '../../protocol/entityPageMessages';
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
  useEffect(() => {
    const stop = host.on(ShowPageNotification, (next) => {
      setView(next);
      setVersion((count) => count + 1);
      // What a reloaded window needs to bring this page back.
      host.saveState({ ref: 'page' in next ? next.page.entity.ref : next.missing });
    });
    host.ready();
    return stop;
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
      <EntityHeader page={page} />
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
