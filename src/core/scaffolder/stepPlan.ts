import { renderTemplateValue } from './templateRenderer';
import { isTruthy, type TemplateStep } from './templateRunner';

/** Whether a step would run for some values: `depends` when its `if` reads an earlier step's output, known only by running. */
export interface PlannedStep {
  id: string;
  name: string;
  action: string;
  runs: 'yes' | 'no' | 'depends' | 'error';
  /** The `if` as written, or why it could not be decided. */
  why?: string;
}

/** A Template's steps with their `if` decided against `parameters` and `user`, as the workflow runner decides it, without running anything. */
export function planSteps(steps: readonly TemplateStep[], parameters: Record<string, unknown>, user: { entity?: unknown; ref?: string } = {}): PlannedStep[] {
  return steps.map((step, index) => {
    const id = step.id ?? `step-${index + 1}`;
    const planned = { id, name: step.name ?? id, action: step.action };
    if (step.if === undefined) return { ...planned, runs: 'yes' };
    const condition = typeof step.if === 'string' ? step.if : JSON.stringify(step.if);
    if (/\bsteps\s*[.[]/.test(condition)) return { ...planned, runs: 'depends', why: condition };
    try {
      return { ...planned, runs: isTruthy(renderTemplateValue(step.if, { parameters, secrets: {}, user, steps: {} })) ? 'yes' : 'no', why: condition };
    } catch (error) {
      return { ...planned, runs: 'error', why: error instanceof Error ? error.message : String(error) };
    }
  });
}
