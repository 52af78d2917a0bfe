import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, maskName, maskParty, maskPostcode } from '../../src/domain/privacy/index.ts';

describe('masking personal data', () => {
  test('a name becomes its initials, whatever the spacing and script', () => {
    assert.equal(maskName('Anna Müller'), 'A. M.');
    assert.equal(maskName('  émile   zola '), 'É. Z.');
    assert.equal(maskName('李 小龍'), '李. 小.');
  });

  test('an e-mail keeps its domain only; a postcode its first two characters', () => {
    assert.equal(maskEmail('anna.mueller@example.org'), '•••@example.org');
    assert.equal(maskEmail('not-an-address'), '•••');
    assert.equal(maskPostcode('10115'), '10•••');
  });

  test('a party: street lines, phone and tax ids gone, city and country kept, nothing of the person left in it', () => {
    const anna = {
      id: 'CUST-991',
      name: 'Anna Müller',
      address: { lines: ['Hauptstraße 5', '3. OG'], city: 'Berlin', postcode: '10115', country: 'DE' },
      email: 'anna@example.org',
      phone: '+49 30 1234567',
      taxIds: { vat: 'DE123456789' },
    };
    const masked = maskParty(anna);
    assert.deepEqual(masked, {
      id: '•••',
      name: 'A. M.',
      address: { lines: ['•••', '•••'], city: 'Berlin', postcode: '10•••', country: 'DE' },
      email: '•••@example.org',
      phone: '•••',
      taxIds: { vat: '•••' },
    });
    const text = JSON.stringify(masked);
    for (const secret of ['Anna', 'Müller', 'Hauptstraße', '10115', 'anna@', '1234567', 'DE123456789', 'CUST-991']) assert.ok(!text.includes(secret), `${secret} is still in ${text}`);
  });

  test('optional parts absent stay absent', () => {
    assert.deepEqual(maskParty({ name: 'Li Wei', address: { lines: ['1 Road'], city: 'Paris', country: 'FR' } }), {
      name: 'L. W.',
      address: { lines: ['•••'], city: 'Paris', country: 'FR' },
    });
  });
});
