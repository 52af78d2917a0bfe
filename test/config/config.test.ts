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

  test('CLEARWAY_DB_POOL: 10 connections by default, 2 to 1000 otherwise', () => {
    assert.equal(configFromEnv({}).dbPool, 10);
    assert.equal(configFromEnv({ CLEARWAY_DB_POOL: '40' }).dbPool, 40);
    assert.throws(() => configFromEnv({ CLEARWAY_DB_POOL: '1' }), /CLEARWAY_DB_POOL must be a whole number from 2 to 1000, got 1/);
    assert.throws(() => configFromEnv({ CLEARWAY_DB_POOL: 'ten' }), /CLEARWAY_DB_POOL/);
  });
});

describe('abuse settings', () => {
  test('rate limits: 6000 per key and 120 per address a minute by default; 0 turns a limit off; bad values are errors', () => {
    assert.deepEqual(configFromEnv({}).rateLimit, { perKey: 6000, perAddress: 120, windowMs: 60_000 });
    assert.deepEqual(configFromEnv({ CLEARWAY_RATE_LIMIT_KEY: '0', CLEARWAY_RATE_LIMIT_PUBLIC: '30', CLEARWAY_RATE_LIMIT_WINDOW_MS: '10000' }).rateLimit, {
      perKey: 0,
      perAddress: 30,
      windowMs: 10_000,
    });
    assert.throws(() => configFromEnv({ CLEARWAY_RATE_LIMIT_KEY: '-1' }), /CLEARWAY_RATE_LIMIT_KEY must be a whole number from 0 to 1000000000, got -1/);
    assert.throws(() => configFromEnv({ CLEARWAY_RATE_LIMIT_PUBLIC: '120/min' }), /CLEARWAY_RATE_LIMIT_PUBLIC must be a whole number/);
    assert.throws(() => configFromEnv({ CLEARWAY_RATE_LIMIT_PUBLIC: '1.5' }), /CLEARWAY_RATE_LIMIT_PUBLIC/);
    assert.throws(() => configFromEnv({ CLEARWAY_RATE_LIMIT_WINDOW_MS: '10' }), /CLEARWAY_RATE_LIMIT_WINDOW_MS must be a whole number of milliseconds from 1000/);
  });

  test('CLEARWAY_TRUST_PROXY: unset or 0 trusts nobody; a hop count; a list of addresses, CIDRs and range names; true is refused', () => {
    assert.equal(configFromEnv({}).trustProxy, false);
    assert.equal(configFromEnv({ CLEARWAY_TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(configFromEnv({ CLEARWAY_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(configFromEnv({ CLEARWAY_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback, fd00::/8' }).trustProxy, ['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
    assert.throws(() => configFromEnv({ CLEARWAY_TRUST_PROXY: 'true' }), /CLEARWAY_TRUST_PROXY: "true" is not an address/);
    assert.throws(() => configFromEnv({ CLEARWAY_TRUST_PROXY: '10.0.0.0/33' }), /"10.0.0.0\/33"/);
    assert.throws(() => configFromEnv({ CLEARWAY_TRUST_PROXY: '10.0.0.0/8,proxy.local' }), /"proxy.local"/);
  });

  test('timeouts: 15 min per request, 30 s for the headers, 2 min idle by default; headers may not outlast the request', () => {
    assert.deepEqual(configFromEnv({}).timeouts, { requestMs: 900_000, headersMs: 30_000, idleMs: 120_000 });
    assert.deepEqual(configFromEnv({ CLEARWAY_REQUEST_TIMEOUT_MS: '60000', CLEARWAY_HEADERS_TIMEOUT_MS: '5000', CLEARWAY_IDLE_TIMEOUT_MS: '30000' }).timeouts, {
      requestMs: 60_000,
      headersMs: 5_000,
      idleMs: 30_000,
    });
    assert.throws(() => configFromEnv({ CLEARWAY_IDLE_TIMEOUT_MS: '0' }), /CLEARWAY_IDLE_TIMEOUT_MS must be a whole number of milliseconds from 1000/);
    assert.throws(() => configFromEnv({ CLEARWAY_REQUEST_TIMEOUT_MS: '2000', CLEARWAY_HEADERS_TIMEOUT_MS: '5000' }), /CLEARWAY_HEADERS_TIMEOUT_MS \(5000\) must not exceed CLEARWAY_REQUEST_TIMEOUT_MS \(2000\)/);
  });
});
