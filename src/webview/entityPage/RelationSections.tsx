import type { EntityPageSection } from '../../protocol/entityPageMessages';
import { EntityLink } from './EntityLink';

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
          {section.entities.length === 0 ? (
            <p className="empty">{section.empty}</p>
          ) : (
            <ul className="entity-list">
              {section.entities.map((entity) => (
                <li key={entity.ref}>
                  <EntityLink entity={entity} />
                  {[entity.type, entity.email, entity.description].filter(Boolean).length > 0 && (
                    <span className="entity-facts">{[entity.type, entity.email, entity.description].filter(Boolean).join(' · ')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {section.total > section.entities.length && <p className="empty">and {section.total - section.entities.length} more</p>}
        </section>
      ))}
    </div>
  );
}
