// Settings from the environment: the risk engine's capacity and selection, and clear errors for bad values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from '../../src/config.ts';

describe('risk settings from the environment', () => {
  test('unset: the defaults apply (nothing overridden)', () => {
    assert.deepEqual(configFromEnv({}).risk, {});
  });

  test('CLEARWAY_CAPACITY lists lanes in fill order; none means only forced lanes', () => {
    assert.deepEqual(configFromEnv({ CLEARWAY_CAPACITY: 'scan=50, document-check=10' }).risk.capacities, [
      { lane: 'scan', perDay: 50 },
      { lane: 'document-check', perDay: 10 },
    ]);
    assert.deepEqual(configFromEnv({ CLEARWAY_CAPACITY: 'none' }).risk.capacities, []);
  });

  test('random share, harm floor and seed', () => {
    assert.deepEqual(configFromEnv({ CLEARWAY_RANDOM_SHARE: '0.2', CLEARWAY_HARM_FLOOR: '50', CLEARWAY_RISK_SEED: 'office-7' }).risk, {
      randomShare: 0.2,
      harmFloor: 50,
      seed: 'office-7',
    });
  });

  test('a bad value is an error naming the variable', () => {
    assert.throws(() => configFromEnv({ CLEARWAY_CAPACITY: 'xray=5' }), /CLEARWAY_CAPACITY: "xray=5"/);
    assert.throws(() => configFromEnv({ CLEARWAY_CAPACITY: 'scan=-1' }), /CLEARWAY_CAPACITY/);
    assert.throws(() => configFromEnv({ CLEARWAY_RANDOM_SHARE: '1.5' }), /CLEARWAY_RANDOM_SHARE must be a number from 0 to 1/);
    assert.throws(() => configFromEnv({ CLEARWAY_HARM_FLOOR: 'lots' }), /CLEARWAY_HARM_FLOOR/);
  });
});

describe('the console cookie setting', () => {
  test('CLEARWAY_COOKIE_SECURE: 1 makes the session cookie always Secure; unset or 0 leaves it to the request; anything else is an error', () => {
    assert.equal(configFromEnv({}).cookieSecure, false);
    assert.equal(configFromEnv({ CLEARWAY_COOKIE_SECURE: '0' }).cookieSecure, false);
    assert.equal(configFromEnv({ CLEARWAY_COOKIE_SECURE: '1' }).cookieSecure, true);
    assert.throws(() => configFromEnv({ CLEARWAY_COOKIE_SECURE: 'true' }), /CLEARWAY_COOKIE_SECURE must be 0 or 1, got true/);
  });
});

describe('production settings', () => {
  test('CLEARWAY_SHUTDOWN_TIMEOUT_MS: 25 000 by default, a whole number of milliseconds otherwise', () => {
    assert.equal(configFromEnv({}).shutdownTimeoutMs, 25_000);
    assert.equal(configFromEnv({ CLEARWAY_SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownTimeoutMs, 5_000);
    assert.throws(() => configFromEnv({ CLEARWAY_SHUTDOWN_TIMEOUT_MS: '5s' }), /CLEARWAY_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds of at least 1, got 5s/);
    assert.throws(() => configFromEnv({ CLEARWAY_SHUTDOWN_TIMEOUT_MS: '0' }), /CLEARWAY_SHUTDOWN_TIMEOUT_MS/);
  });

  test('CLEARWAY_METRICS_TOKEN: unset or empty leaves /metrics open', () => {
    assert.equal(configFromEnv({}).metricsToken, undefined);
    assert.equal(configFromEnv({ CLEARWAY_METRICS_TOKEN: '' }).metricsToken, undefined);
    assert.equal(configFromEnv({ CLEARWAY_METRICS_TOKEN: 's3cret' }).metricsToken, 's3cret');
  });
});
