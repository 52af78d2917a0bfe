// The webhook dispatcher's pure parts: the signature a receiver checks, the backoff, which addresses count as
// non-public (SSRF), and its settings from the environment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { backoff, isNonPublicAddress, publicOnlyLookup, signature, webhookSettingsFromEnv } from '../../src/services/dispatcher.ts';

describe('webhook dispatcher', () => {
  test('the signature is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, computable with any HMAC library', () => {
    const body = '{"deliveryId":"d1","event":{"seq":7}}';
    const expected = createHmac('sha256', 'whsec_test').update(`1795000000.${body}`).digest('hex');
    assert.equal(signature('whsec_test', body, 1795000000), `t=1795000000,v1=${expected}`);
    assert.notEqual(signature('whsec_test', `${body} `, 1795000000), signature('whsec_test', body, 1795000000));
  });

  test('backoff doubles from the base after each failure and stops at the cap', () => {
    const s = { backoffBaseMs: 1_000, backoffMaxMs: 600_000 };
    assert.deepEqual([1, 2, 3, 4, 10, 11, 60].map((n) => backoff(n, s)), [1_000, 2_000, 4_000, 8_000, 512_000, 600_000, 600_000]);
  });

  test('loopback, private, link-local, carrier-grade NAT and multicast addresses are not public; mapped IPv6 as its IPv4', () => {
    for (const a of ['127.0.0.1', '10.2.3.4', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd12::1', 'fe80::1', '[::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe']) {
      assert.equal(isNonPublicAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '193.0.6.139', '2001:4860:4860::8888', '::ffff:808:808', 'example.org']) assert.equal(isNonPublicAddress(a), false, a);
  });

  test('a host name that resolves to a non-public address is refused when connecting', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', { all: true }, (e) => resolve(e)));
    assert.equal(error?.code, 'EADDRNOTPUBLIC');
  });

  test('settings come from CLEARWAY_WEBHOOK_*; a bad value stops the start', () => {
    assert.deepEqual(webhookSettingsFromEnv({ CLEARWAY_WEBHOOK_POLL_MS: '250', CLEARWAY_WEBHOOK_ALLOW_PRIVATE: '1', CLEARWAY_WEBHOOK_RETENTION_DAYS: '2' }), {
      pollMs: 250,
      allowPrivateAddresses: true,
      retentionMs: 2 * 86_400_000,
    });
    assert.deepEqual(webhookSettingsFromEnv({}), {});
    assert.throws(() => webhookSettingsFromEnv({ CLEARWAY_WEBHOOK_TIMEOUT_MS: 'soon' }), /CLEARWAY_WEBHOOK_TIMEOUT_MS/);
  });
});
