import type { EntityOption, WizardEvent, WizardRequest, WizardState } from '../../protocol/wizardMessages';

interface VsCodeApi {
  postMessage(message: WizardRequest): void;
  getState(): WizardState | undefined;
  setState(state: WizardState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let nextId = 1;
const pending = new Map<number, (entities: EntityOption[]) => void>();
const listeners = new Set<(event: WizardEvent) => void>();

window.addEventListener('message', (message: MessageEvent<WizardEvent>) => {
  const event = message.data;
  if (event.type === 'entities') {
    pending.get(event.id)?.(event.entities);
    pending.delete(event.id);
    return;
  }
  for (const listener of listeners) listener(event);
});

/** The extension host, as the wizard sees it: requests out, events in, state kept across reloads. */
export const host = {
  post(request: WizardRequest): void {
    vscode.postMessage(request);
  },
  onEvent(listener: (event: WizardEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  entities(kinds: string[], mine?: 'groups' | 'owned'): Promise<EntityOption[]> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      vscode.postMessage({ type: 'entities', id, kinds, mine });
    });
  },
  state: (): WizardState | undefined => vscode.getState(),
  saveState: (state: WizardState): void => vscode.setState(state),
};
