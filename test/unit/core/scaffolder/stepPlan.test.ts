import * as assert from 'node:assert/strict';
import { planSteps } from '../../../../src/core/scaffolder/stepPlan';

// Which steps the preview says would run: `if` decided as the workflow runner decides it, from the
// form's values and the user, and left open where it reads an earlier step's output.

describe('planSteps', () => {
  const steps = [
    { id: 'fetch', name: 'Fetch', action: 'fetch:template' },
    { id: 'docs', action: 'debug:log', if: '${{ parameters.withDocs }}' },
    { id: 'none', action: 'debug:log', if: '${{ parameters.tags }}' },
    { id: 'mine', action: 'debug:log', if: "${{ user.ref === 'user:default/jane' }}" },
    { action: 'publish:github', if: '${{ steps.fetch.output.ok }}' },
    { id: 'negated', action: 'debug:log', if: '${{ not parameters.withDocs }}' },
  ];

  it('decides each if from the values and the user, and says when it waits on an earlier step', () => {
    const plan = planSteps(steps, { withDocs: true, tags: [] }, { ref: 'user:default/jane' });
    assert.deepEqual(
      plan.map((step) => [step.id, step.name, step.runs]),
      [
        ['fetch', 'Fetch', 'yes'],
        ['docs', 'docs', 'yes'],
        // As the scaffolder: an empty list skips.
        ['none', 'none', 'no'],
        ['mine', 'mine', 'yes'],
        ['step-5', 'step-5', 'depends'],
        ['negated', 'negated', 'no'],
      ],
    );
    assert.equal(plan[4].why, '${{ steps.fetch.output.ok }}');
  });

  it('follows the values as they change', () => {
    const plan = planSteps(steps, { withDocs: false, tags: ['a'] }, {});
    assert.deepEqual(
      plan.map((step) => step.runs),
      ['yes', 'no', 'yes', 'no', 'depends', 'yes'],
    );
  });
});
