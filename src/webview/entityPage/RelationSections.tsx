import type { EntityPageLink, EntityPageSection } from '../../protocol/entityPageMessages';
import { EntityLink } from './EntityLink';

/** Entities as links to their pages, each with its type, email and description; "and N more" past the first ones. */
export function EntityList({ entities, total }: { entities: EntityPageLink[]; total: number }) {
  return (
    <>
      <ul className="entity-list">
        {entities.map((entity) => {
          const facts = [entity.type, entity.email, entity.description].filter(Boolean);
          return (
            <li key={entity.ref}>
              <EntityLink entity={entity} />
              {facts.length > 0 && <span className="entity-facts">{facts.join(' · ')}</span>}
            </li>
          );
        })}
      </ul>
      {total > entities.length && <p className="empty">and {total - entities.length} more</p>}
    </>
  );
}

/** The entity's relations, one section per relation kind, each entity a link to its page. */
export function RelationSections({ sections }: { sections: EntityPageSection[] }) {
  if (sections.length === 0) return null;
  return (
    <div className="sections">
      {sections.map((section) => (
        <section key={section.id} className="card" aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>
            {section.title}
            {section.total > 0 && <span className="count">{section.total}</span>}
          </h2>
          {section.entities.length === 0 ? <p className="empty">{section.empty}</p> : <EntityList entities={section.entities} total={section.total} />}
        </section>
      ))}
    </div>
  );
}
