import type { EntityPage, EntityPageLink } from '../../protocol/entityPageMessages';
import { OpenLinkNotification } from '../../protocol/entityPageMessages';
import { EntityLink } from './EntityLink';
import { host } from './hostBridge';
import { linkIconClass } from './kindIcons';
import { SafeMarkdown } from './SafeMarkdown';

/** About: the description, who owns it and what it is part of, its tags and its tool links. */
export function AboutCard({ page }: { page: EntityPage }) {
  const { entity } = page;
  const facts: [string, EntityPageLink | undefined][] = [
    ['Owner', page.owner],
    ['System', page.system],
    ['Domain', page.domain],
    ['Parent', page.parent],
  ];
  const shown = facts.filter(([, link]) => link);
  return (
    <section className="card about" aria-labelledby="about">
      <h2 id="about">About</h2>
      {entity.description ? <SafeMarkdown text={entity.description} /> : <p className="empty">No description</p>}
      {(shown.length > 0 || entity.tags.length > 0 || entity.email) && (
        <dl className="facts">
          {shown.map(([label, link]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd>
                <EntityLink entity={link!} />
              </dd>
            </div>
          ))}
          {entity.email && (
            <div className="fact">
              <dt>Email</dt>
              <dd>{entity.email}</dd>
            </div>
          )}
          {entity.tags.length > 0 && (
            <div className="fact">
              <dt>Tags</dt>
              <dd className="tags">
                {entity.tags.map((tag) => (
                  <span key={tag} className="chip">
                    {tag}
                  </span>
                ))}
              </dd>
            </div>
          )}
        </dl>
      )}
      {page.links.length > 0 && (
        <div className="links" role="group" aria-label="Links">
          {page.links.map((link, index) => (
            <button key={index} type="button" className="secondary" title={link.url} onClick={() => host.notify(OpenLinkNotification, { url: link.url })}>
              <span className={linkIconClass(link.icon)} aria-hidden="true" /> {link.title}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
