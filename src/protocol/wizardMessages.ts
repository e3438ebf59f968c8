/**
 * Messages between the template wizard webview and the extension host. Plain types only: the webview
 * bundle and the extension both import this file.
 */
import type { RunRemoteTemplateResult, RunTemplateResult, TemplateForm } from './catalogProtocol';

/** An entity a picker field offers. */
export interface EntityOption {
  ref: string;
  title: string;
  kind: string;
}

/** What the wizard keeps across the panel being hidden or reloaded (never secrets). */
export interface WizardState {
  /** The template the wizard is for: a reloaded window reopens it. */
  ref: string;
  title: string;
  page: number;
  formData: Record<string, unknown>[];
  targetFolder?: string;
}

/** Webview → extension. */
export type WizardRequest =
  /** The page is loaded and listening. */
  | { type: 'ready' }
  /**
   * Entities of these kinds (lower-case; all when empty) for a picker; `mine` narrows them to the
   * user's groups (`groups`) or to what the user or their groups own (`owned`).
   */
  | { type: 'entities'; id: number; kinds: string[]; mine?: 'groups' | 'owned' }
  | { type: 'pickFolder' }
  /** Run the template; secrets travel only in this message. */
  | { type: 'run'; dryRun: boolean; parameters: Record<string, unknown>; secrets: Record<string, string>; targetFolder: string }
  /** Run a Backstage template on Backstage's scaffolder. */
  | { type: 'runRemote'; parameters: Record<string, unknown>; secrets: Record<string, string> }
  | { type: 'cancel' }
  | { type: 'openLink'; url: string }
  | { type: 'openEntity'; ref: string }
  /** Open VS Code's workspace trust editor. */
  | { type: 'manageTrust' };

/** Extension → webview. */
export type WizardEvent =
  /** `trustNeeded`: it would run in a trusted workspace (the page offers to manage trust). */
  | { type: 'init'; form: TemplateForm; targetFolder: string; canRun: boolean; whyNot?: string; trustNeeded?: boolean }
  | { type: 'entities'; id: number; entities: EntityOption[] }
  | { type: 'folder'; path: string }
  | { type: 'log'; message: string }
  | { type: 'running'; dryRun: boolean }
  | { type: 'result'; dryRun: boolean; result: RunTemplateResult }
  | { type: 'remoteResult'; result: RunRemoteTemplateResult };
