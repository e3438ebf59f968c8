import type { LocationTargetView } from '../../protocol/entityPageMessages';
import { EntityList } from './RelationSections';

/** A Location's targets, each with what its files define, or why it cannot be followed. */
export function LocationTargets({ targets }: { targets: LocationTargetView[] }) {
  return (
    <section className="card targets" aria-labelledby="targets">
      <h2 id="targets">Targets</h2>
      {targets.length === 0 && <p className="empty">Has no targets</p>}
      {targets.map((target, index) => (
        <div key={index} className="target">
          <h3>
            <code>{target.target}</code>
          </h3>
          {target.failure ? (
            <p className="target-failure" role="note">
              <span className="codicon codicon-error" aria-hidden="true" /> {target.failure}
            </p>
          ) : target.total === 0 ? (
            <p className="empty">Produces no entities here</p>
          ) : (
            <EntityList entities={target.produced} total={target.total} />
          )}
        </div>
      ))}
    </section>
  );
}
