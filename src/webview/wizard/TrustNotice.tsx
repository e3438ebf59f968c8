import { ManageTrustNotification } from '../../protocol/wizardMessages';
import { host } from './hostBridge';

/** Why the template cannot run here, with the way to trust the workspace when that is what it needs. */
export function TrustNotice({ whyNot, trustNeeded }: { whyNot?: string; trustNeeded?: boolean }) {
  return (
    <div className="notice" role="status">
      <span>{whyNot}</span>
      {trustNeeded ? (
        <button type="button" className="secondary" onClick={() => host.notify(ManageTrustNotification)}>
          Manage Workspace Trust
        </button>
      ) : null}
    </div>
  );
}
