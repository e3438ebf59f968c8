import type { EntityPageLink } from '../../protocol/entityPageMessages';
import { OpenEntityNotification } from '../../protocol/entityPageMessages';
import { host } from './hostBridge';
import { kindIconClass } from './kindIcons';

/** Another entity: a button that opens its page, or its ref when the catalog does not have it. */
export function EntityLink({ entity }: { entity: EntityPageLink }) {
  const icon = <span className={kindIconClass(entity.kind)} aria-hidden="true" />;
  if (!entity.inCatalog) {
    return (
      <span className="entity-link missing" title={`${entity.ref} is not in the catalog`}>
        {icon}
        <span>{entity.ref}</span>
      </span>
    );
  }
  return (
    <button type="button" className="entity-link" title={entity.ref} onClick={() => host.notify(OpenEntityNotification, { ref: entity.ref })}>
      {icon}
      <span>{entity.title}</span>
    </button>
  );
}
