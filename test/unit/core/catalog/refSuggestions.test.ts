import * as assert from 'node:assert/strict';
import { RefSuggestions } from '../../../../src/core/catalog/refSuggestions';

describe('"did you mean" names', () => {
  /** The catalog's names by kind, as the suggestions read them. */
  const catalogOf = (names: Record<string, string[]>) => new RefSuggestions((kind) => names[kind] ?? []);

  it('suggests the nearest names the catalog has now, of the kinds asked', () => {
    const names: Record<string, string[]> = { group: ['team-alpha', 'platform'], user: ['jane'] };
    const suggestions = catalogOf(names);
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpha']);
    assert.deepEqual(suggestions.suggest('team-alpah', ['user']), []);
  });

  it('answers anew when a near name comes or a suggested one goes, and not for a name re-read in place', () => {
    const names: Record<string, string[]> = { group: ['team-alpha', 'platform'] };
    const suggestions = catalogOf(names);
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpha']);
    // A re-read file takes its names out and puts them back: no answer changes.
    assert.deepEqual(suggestions.change([['group', 'platform']], [['group', 'platform']]), []);
    names.group = ['team-alpha', 'platform', 'team-alpaha'];
    assert.deepEqual(suggestions.change([['group', 'team-alpaha']], []), ['team-alpah']);
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpaha', 'team-alpha']);
    names.group = ['platform', 'team-alpaha'];
    assert.deepEqual(suggestions.change([], [['group', 'team-alpha']]), ['team-alpah']);
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpaha']);
  });

  it('keeps a name that came, went and came again before the names were applied (a load shown as it goes, then re-ranked)', () => {
    const suggestions = catalogOf({ group: ['team-alpha'] });
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpha']);
    // Appended while loading, then taken out and put back when the final order moved its file: a name that came.
    assert.deepEqual(
      suggestions.change(
        [
          ['group', 'team-alpha'],
          ['group', 'team-alpha'],
        ],
        [['group', 'team-alpha']],
      ),
      ['team-alpah'],
    );
    assert.deepEqual(suggestions.suggest('team-alpah', ['group']), ['team-alpha']);
  });
});
