// Mocha's spec output, plus the full title of every test that passed, failed or was skipped and of
// every hook that failed, written as JSON to $GREENROOM_TEST_RESULTS for scripts/test.mjs to count.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class NamedTestReporter extends Mocha.reporters.Spec {
  /** @param {Mocha.Runner} runner @param {Mocha.MochaOptions} options */
  constructor(runner, options) {
    super(runner, options);
    /** @type {{ passed: string[], failed: string[], pending: string[], failedHooks: string[] }} */
    const results = { passed: [], failed: [], pending: [], failedHooks: [] };
    runner.on(EVENT_TEST_PASS, (test) => results.passed.push(test.fullTitle()));
    runner.on(EVENT_TEST_PENDING, (test) => results.pending.push(test.fullTitle()));
    runner.on(EVENT_TEST_FAIL, (test) => (test.type === 'test' ? results.failed : results.failedHooks).push(test.fullTitle()));
    runner.once(EVENT_RUN_END, () => {
      if (process.env.GREENROOM_TEST_RESULTS) writeFileSync(process.env.GREENROOM_TEST_RESULTS, JSON.stringify(results));
    });
  }
}

module.exports = NamedTestReporter;
