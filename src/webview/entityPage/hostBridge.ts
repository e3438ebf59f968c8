import type { EntityPageState } from '../../protocol/entityPageMessages';
import { HostChannel } from '../hostChannel';

/** The extension host, as the entity page sees it (one per page: VS Code gives a page one API object). */
export const host = new HostChannel<EntityPageState>();
