// Backstage's verdict on entities it does not have yet: each connected instance's validate-entity endpoint,
// asked once per version of an entity in a file that instance reads.
import type { Entity } from '@backstage/catalog-model';
import type { BackstageQuestion, BackstageRejection } from '../../core/backstage/backstageVerdicts';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

/** Asks validate-entity; resolves to Backstage's errors, empty when it accepts the entity. */
export type AskBackstage = (baseUrl: string, entity: Entity, locationRef: string) => Promise<string[]>;

/** Edits come per keystroke: ask once typing has paused this long. */
const QUIET_MS = 1_000;
/** Questions per round, and at once: a large unmerged file is asked about over a few rounds, not in one burst. */
const PER_ROUND = 20;
const AT_ONCE = 4;
/** After a request fails (Backstage down, token refused), the asking waits this long. */
const PAUSE_AFTER_FAILURE_MS = 60_000;

export class ValidateEntityAsker {
  /** Answers by question (instance, file, entity and its version): undefined for an accepted entity. */
  private readonly answers = new Map<string, BackstageRejection | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private shown: readonly BackstageRejection[] = [];
  /** After a failed request, Backstage is not asked again before this time (ms since the epoch). */
  private pausedUntil = 0;

  constructor(
    private readonly workspace: WorkspaceCatalog,
    private readonly ask: AskBackstage,
    private readonly log: (message: string) => void,
  ) {}

  /** Called after every catalog change; asks what is new once changes pause. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) this.again = true;
      else this.running = this.round().finally(() => (this.running = undefined));
    }, QUIET_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private async round(): Promise<void> {
    do {
      this.again = false;
      if (Date.now() < this.pausedUntil) return;
      const questions = this.workspace.catalog.backstageQuestions();
      const current = new Set(questions.map(idOf));
      // Answers about versions no longer in the workspace are dropped, so the map stays the catalog's size.
      for (const id of this.answers.keys()) if (!current.has(id)) this.answers.delete(id);
      const asking = questions.filter((question) => !this.answers.has(idOf(question))).slice(0, PER_ROUND);
      for (let i = 0; i < asking.length; i += AT_ONCE) await Promise.all(asking.slice(i, i + AT_ONCE).map((question) => this.answer(question)));
      const rejections = [...this.answers.values()].filter((answer): answer is BackstageRejection => answer !== undefined);
      if (JSON.stringify(rejections) !== JSON.stringify(this.shown)) {
        this.shown = rejections;
        await this.workspace.setBackstageRejections(rejections);
      }
      if (asking.length === PER_ROUND) this.again = true;
    } while (this.again);
  }

  private async answer(question: BackstageQuestion): Promise<void> {
    try {
      const errors = await this.ask(question.baseUrl, question.entity, question.locationRef);
      const at = new Date().toISOString();
      this.answers.set(idOf(question), errors.length > 0 ? { baseUrl: question.baseUrl, path: question.path, key: question.key, fingerprint: question.fingerprint, errors, at } : undefined);
    } catch (error) {
      // Not remembered: asked again after the pause, once Backstage answers.
      this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
      this.log(`Asking Backstage at ${question.baseUrl} to validate ${question.ref} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function idOf(question: BackstageQuestion): string {
  return `${question.baseUrl}\n${question.path}\n${question.key}\n${question.fingerprint}`;
}
