import type { WizardState } from '../../protocol/wizardMessages';
import { HostChannel } from '../hostChannel';

/** The extension host, as the wizard sees it (one per page: VS Code gives a page one API object). */
export const host = new HostChannel<WizardState>();
