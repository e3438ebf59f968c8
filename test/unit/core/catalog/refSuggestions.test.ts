import * as assert from 'node:assert/strict';
import { RefSuggestions } from '../../../../src/core/catalog/refSuggestions';

describe('"did you mean" names', () => {
  it('keeps a name that came, went and came again before the names were applied (a load shown as it goes, then re-ranked)', () => {
    const suggestions = new RefSuggestions();
    // Appended while loading, then taken out and put back when the final order moved its file.
    suggestions.change(
      [
        ['group', 'team-alpha'],
        ['group', 'team-alpha'],
      ],
      [['group', 'team-alpha']],
    );
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpha']);
  });

  it('drops a name taken out, and ignores one re-read in place', () => {
    const suggestions = new RefSuggestions();
    suggestions.change(
      [
        ['group', 'team-alpha'],
        ['group', 'team-beta'],
      ],
      [],
    );
    suggestions.change([['group', 'team-beta']], [['group', 'team-beta']]);
    assert.deepEqual(suggestions.suggest('team-bet', ['group']), ['team-beta']);
    suggestions.change([], [['group', 'team-alpha']]);
    assert.equal(suggestions.suggest('team-alpah', ['group']).includes('team-alpha'), false);
  });
});
