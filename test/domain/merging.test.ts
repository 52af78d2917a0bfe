// Merging: which filing supplies each field (precedence, provenance) and the consistency findings across sources.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { combine, fieldsOf, findings, replayFields, type MergedFields } from '../../src/domain/merging/index.ts';
import type { Finding } from '../../src/domain/model/index.ts';
import { buyer, declaration, logistics, order, payment, s10 } from '../helpers/filings.ts';
import { merged, refOf, valid } from './support.ts';

const PLATFORM = 'pty_platform';
const PAYER = 'pty_payer';
const CARRIER = 'pty_carrier';

const fieldsFor = (input: Record<string, unknown>, sender: string): MergedFields => {
  const f = valid(input);
  return fieldsOf(f, { filingId: f.filingId, sender, sentAt: f.sentAt });
};
const codes = (found: Finding[]) => found.map((f) => f.code).sort();
const only = (found: Finding[], code: string) => found.filter((f) => f.code === code);

describe('documents with value', () => {
  test('a parcel declared as documents whose items carry a price is a documents-with-value warning', () => {
    const d = declaration({ transaction: 'documents' });
    const found = findings(merged([d, PLATFORM]));
    assert.equal(only(found, 'documents-with-value').length, 1);
    assert.equal(only(found, 'documents-with-value')[0]!.severity, 'warning');
  });
});

describe('replayFields', () => {
  test('replaying the filings in the order received gives the view merged one by one, provenance included', () => {
    const o = order();
    const trackingId = s10();
    const inputs: [Record<string, unknown>, string][] = [
      [logistics(trackingId, { orderId: o.orderId }), CARRIER],
      [payment(o.orderId as string, '29.99'), PAYER],
      [o, PLATFORM],
      [declaration({ orderId: o.orderId, trackingId, payment: { transactionId: 'TX-embedded', amount: '1.00', currency: 'EUR', paidAt: '2026-11-19T09:01:00Z' } }), PLATFORM],
    ];
    const replayed = replayFields(inputs.map(([input, sender]) => {
      const filing = valid(input);
      return { filing, ref: refOf(filing, sender) };
    }));
    assert.deepEqual(replayed, merged(...inputs));
    assert.equal(replayed.payment?.sender, PAYER, "the payment provider's own payment still outranks the embedded one");
  });
});

describe('fieldsOf and combine', () => {
  test('every value remembers the filing, sender and sentAt it came from', () => {
    const d = declaration();
    const fields = fieldsFor(d, PLATFORM);
    assert.deepEqual(
      { source: fields.items?.source, sender: fields.items?.sender, sentAt: fields.items?.sentAt },
      { source: d.filingId, sender: PLATFORM, sentAt: d.sentAt },
    );
    assert.deepEqual(fields.items?.value, d.items);
    assert.equal(fields.trackingId?.value, d.trackingId);
    assert.equal(fields.buyer?.source, d.filingId);
  });

  test('an order field a filing leaves out takes the contract default; other absent fields stay absent', () => {
    const fields = fieldsFor(declaration({ shippingCost: undefined }), PLATFORM);
    assert.equal(fields.shippingCost?.value, '0');
    assert.equal(fields.insuranceCost?.value, '0');
    assert.equal(fields.incoterm?.value, 'DAP');
    assert.equal(fields.transaction?.value, 'sale');
    assert.equal(fields.platform?.value, null);
    assert.equal('payment' in fields, false, 'no undefined value that could win a merge');
    assert.equal('contents' in fields, false);
  });

  test('a later order without shippingCost corrects it to the default: the order data is one unit', () => {
    const before = fieldsFor(declaration({ shippingCost: '4.99', sentAt: '2026-11-20T09:00:00Z' }), PLATFORM);
    const after = fieldsFor(declaration({ shippingCost: undefined, sentAt: '2026-11-20T11:00:00Z' }), PLATFORM);
    assert.equal(combine(before, after).shippingCost?.value, '0');
  });

  test("a payment provider's own payment filing beats the payment embedded in a declaration, even when older", () => {
    const d = declaration({
      sentAt: '2026-11-20T10:00:00Z',
      payment: { transactionId: 'TX-EMBEDDED', amount: '29.99', currency: 'EUR', paidAt: '2026-11-19T09:01:00Z' },
    });
    const p = payment(d.orderId as string, '29.99', { sentAt: '2026-11-20T08:00:00Z', transactionId: 'TX-OWN' });
    const declFields = fieldsFor(d, PLATFORM);
    const payFields = fieldsFor(p, PAYER);
    assert.equal(declFields.payment?.value.transactionId, 'TX-EMBEDDED');
    for (const [label, result] of [
      ['payment first', combine(payFields, declFields)],
      ['declaration first', combine(declFields, payFields)],
    ] as const) {
      assert.equal(result.payment?.source, p.filingId, label);
      assert.equal(result.payment?.sender, PAYER, label);
      assert.equal(result.payment?.value.transactionId, 'TX-OWN', label);
    }
  });

  test("a carrier's own logistics filing beats the transport embedded in a declaration", () => {
    const trackingId = s10();
    const l = logistics(trackingId, { sentAt: '2026-11-20T08:00:00Z', grossMassKg: '0.600' });
    const { filingId: _f, kind: _k, sentAt: _s, trackingId: _t, ...transport } = logistics(trackingId, { grossMassKg: '0.500' });
    const d = declaration({ trackingId, sentAt: '2026-11-20T10:00:00Z', transport });
    const result = combine(fieldsFor(l, CARRIER), fieldsFor(d, PLATFORM));
    assert.equal(result.grossMassKg?.value, '0.600');
    assert.equal(result.grossMassKg?.source, l.filingId);
    assert.equal(result.items?.source, d.filingId, 'the order data still comes from the declaration');
  });

  test('between filings of equal rank the later sentAt wins, whichever arrives first', () => {
    const older = declaration({ sentAt: '2026-11-20T10:00:00Z', shippingCost: '4.99' });
    const newer = declaration({ sentAt: '2026-11-20T11:00:00Z', shippingCost: '5.99', trackingId: older.trackingId, orderId: older.orderId });
    const a = combine(fieldsFor(older, PLATFORM), fieldsFor(newer, PLATFORM));
    const b = combine(fieldsFor(newer, PLATFORM), fieldsFor(older, PLATFORM));
    for (const result of [a, b]) {
      assert.equal(result.shippingCost?.value, '5.99');
      assert.equal(result.shippingCost?.source, newer.filingId);
    }
  });

  test('a tracking id repeated in an arrival does not override the one from the filing that describes the parcel', () => {
    const d = declaration();
    const fromArrival = { trackingId: { value: 'RR000000005CN', source: 'arr-1', sender: CARRIER, sentAt: '2026-12-01T00:00:00Z', rank: 1 } };
    assert.equal(combine(fieldsFor(d, PLATFORM), fromArrival).trackingId?.value, d.trackingId);
  });

  test('an order id given by a carrier is overridden by the order itself', () => {
    const o = order();
    const l = logistics(s10(), { orderId: o.orderId, sentAt: '2026-11-30T00:00:00Z' });
    const result = combine(fieldsFor(o, PLATFORM), fieldsFor(l, CARRIER));
    assert.equal(result.orderId?.source, o.filingId);
  });

  test('values from different filings sit side by side, each with its own source', () => {
    const o = order();
    const p = payment(o.orderId as string, '29.99');
    const l = logistics(s10(), { orderId: o.orderId });
    const result = merged([o, PLATFORM], [p, PAYER], [l, CARRIER]);
    assert.equal(result.buyer?.source, o.filingId);
    assert.equal(result.payment?.source, p.filingId);
    assert.equal(result.consignee?.source, l.filingId);
    assert.equal(result.grossMassKg?.sender, CARRIER);
  });
});

describe('findings', () => {
  // The helper order: 2 × 12.50 + 4.99 shipping = 29.99 EUR; net mass 2 × 0.200 kg.
  const withPayment = (amount: string, over: Record<string, unknown> = {}, orderOver: Record<string, unknown> = {}) => {
    const o = order(orderOver);
    return findings(merged([o, PLATFORM], [payment(o.orderId as string, amount, over), PAYER]));
  };

  test('a payment equal to the order total gives no finding', () => {
    assert.deepEqual(only(withPayment('29.99'), 'payment-mismatch'), []);
  });

  test('a payment within 1 % of the order total gives no finding (29.99 ± 0.29)', () => {
    assert.deepEqual(only(withPayment('30.28'), 'payment-mismatch'), []);
    assert.deepEqual(only(withPayment('29.70'), 'payment-mismatch'), []);
  });

  test('a payment more than 1 % off is a payment-mismatch warning naming both sources', () => {
    for (const amount of ['30.29', '29.69', '99.00']) {
      const found = only(withPayment(amount), 'payment-mismatch');
      assert.equal(found.length, 1, amount);
      assert.equal(found[0]!.severity, 'warning');
      assert.equal(found[0]!.sources.length, 2);
    }
  });

  test('the tolerance is at least 0.01 on small orders', () => {
    const tiny = { items: [{ description: 'Sewing needles', quantity: 1, unitPrice: '0.50', hsCode: '731910', originCountry: 'CN' }], shippingCost: undefined };
    assert.deepEqual(only(withPayment('0.51', {}, tiny), 'payment-mismatch'), []);
    assert.equal(only(withPayment('0.52', {}, tiny), 'payment-mismatch').length, 1);
  });

  test('a payment that includes the IOSS tax collected at checkout gives no finding', () => {
    const taxCollected = { scheme: 'IOSS', registrationNumber: 'IM2760000001', amount: '5.70', currency: 'EUR' };
    assert.deepEqual(only(withPayment('35.69', {}, { taxCollected }), 'payment-mismatch'), []);
    assert.equal(only(withPayment('35.69'), 'payment-mismatch').length, 1, 'without the tax collected the same payment is a mismatch');
  });

  test('a payment in another currency is only an info finding, amounts not compared', () => {
    const found = withPayment('31.50', { currency: 'USD' });
    assert.deepEqual(codes(found).filter((c) => c.startsWith('payment')), ['payment-currency-mismatch']);
    assert.equal(only(found, 'payment-currency-mismatch')[0]!.severity, 'info');
  });

  describe('consignee against buyer', () => {
    const consigneeFindings = (buyerName: string, consigneeName: string, address: Record<string, unknown> = {}) => {
      const o = order({ buyer: { ...buyer, name: buyerName } });
      const l = logistics(s10(), { orderId: o.orderId, consignee: { ...buyer, name: consigneeName, address: { ...buyer.address, ...address } } });
      return only(findings(merged([o, PLATFORM], [l, CARRIER])), 'consignee-mismatch');
    };

    test('the same name in another word order is the same person ("Wei Li" vs "Li Wei")', () => {
      assert.deepEqual(consigneeFindings('Wei Li', 'Li Wei'), []);
    });

    test('accents, case and punctuation do not matter ("José Núñez" vs "JOSE NUNEZ")', () => {
      assert.deepEqual(consigneeFindings('José Núñez', 'JOSE  NUNEZ'), []);
      assert.deepEqual(consigneeFindings('Anna Müller', 'anna-muller'), []);
      assert.deepEqual(consigneeFindings('Núñez, María José', 'Maria Jose Nunez'), [], 'accents and word order together');
    });

    test('a name made of one-character words matches itself, in any word order and spacing ("王 芳", "芳 王", "王芳")', () => {
      assert.deepEqual(consigneeFindings('王 芳', '王 芳'), []);
      assert.deepEqual(consigneeFindings('王 芳', '芳 王'), []);
      assert.deepEqual(consigneeFindings('王芳', '王 芳'), []);
      assert.equal(consigneeFindings('王 芳', '李 伟').length, 1, 'another such name still differs');
    });

    test('initials alone do not make two names the same ("A. Smith" is "Anna Smith", not "A. Jones")', () => {
      assert.deepEqual(consigneeFindings('Anna Smith', 'A. Smith'), []);
      assert.equal(consigneeFindings('A. Smith', 'A. Jones').length, 1);
    });

    test('a middle name more or less is the same person; another first name with the same surname is not', () => {
      assert.deepEqual(consigneeFindings('Anna Müller', 'Anna Maria Müller'), []);
      assert.equal(consigneeFindings('John Smith', 'Jane Smith').length, 1);
    });

    test('another person is a consignee-mismatch warning', () => {
      const found = consigneeFindings('Anna Müller', 'Max Mustermann');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.severity, 'warning');
      assert.match(found[0]!.message, /name/);
    });

    test('a different postcode is a consignee-mismatch naming the postcodes', () => {
      const found = consigneeFindings('Anna Müller', 'Anna Müller', { postcode: '10117' });
      assert.equal(found.length, 1);
      assert.match(found[0]!.message, /postcode 10117 vs 10115/);
    });

    test('postcodes differing only in spacing and case match', () => {
      const o = order({ buyer: { ...buyer, address: { ...buyer.address, country: 'GB', postcode: 'SW1A 1AA' } } });
      const l = logistics(s10(), { orderId: o.orderId, consignee: { ...buyer, address: { ...buyer.address, country: 'GB', postcode: 'sw1a1aa' } } });
      assert.deepEqual(only(findings(merged([o, PLATFORM], [l, CARRIER])), 'consignee-mismatch'), []);
    });

    test('a different country is a consignee-mismatch', () => {
      const found = consigneeFindings('Anna Müller', 'Anna Müller', { country: 'AT' });
      assert.match(found[0]?.message ?? '', /country AT vs DE/);
    });

    test('buyer and consignee from the same declaration are not compared with each other', () => {
      const { filingId: _f, kind: _k, sentAt: _s, trackingId: _t, ...transport } = logistics(s10(), { consignee: { ...buyer, name: 'Max Mustermann' } });
      const d = declaration({ transport });
      assert.deepEqual(only(findings(merged([d, PLATFORM])), 'consignee-mismatch'), []);
    });
  });

  describe('mass', () => {
    const massFindings = (grossMassKg: string, netMassKg = '0.200') => {
      const o = order({ items: [{ description: "Men's cotton T-shirt", quantity: 2, unitPrice: '12.50', hsCode: '610910', originCountry: 'CN', netMassKg }] });
      const l = logistics(s10(), { orderId: o.orderId, grossMassKg });
      return only(findings(merged([o, PLATFORM], [l, CARRIER])), 'mass-mismatch');
    };

    test('net mass more than 5 % over the gross mass is a mass-mismatch (0.400 kg net, 0.380 kg gross)', () => {
      const found = massFindings('0.380');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.severity, 'warning');
    });

    test('net mass up to 5 % over the gross mass is tolerated (0.420 kg net, 0.400 kg gross)', () => {
      assert.deepEqual(massFindings('0.400', '0.210'), []);
      assert.deepEqual(massFindings('0.381'), []);
    });

    test('no net mass on some item: nothing to compare', () => {
      const o = order({ items: [{ description: 'Ceramic coffee mug', quantity: 1, unitPrice: '10', hsCode: '691200', originCountry: 'CN' }] });
      const l = logistics(s10(), { orderId: o.orderId, grossMassKg: '0.001' });
      assert.deepEqual(only(findings(merged([o, PLATFORM], [l, CARRIER])), 'mass-mismatch'), []);
    });
  });

  describe('data quality', () => {
    test('a vague description is an info finding, not a warning', () => {
      const found = findings(merged([declaration({ items: [{ description: 'Gift', quantity: 1, unitPrice: '10.00', hsCode: '610910', originCountry: 'CN' }] }), PLATFORM]));
      const vague = only(found, 'vague-description');
      assert.equal(vague.length, 1);
      assert.equal(vague[0]!.severity, 'info');
    });

    test('a plain description is not flagged', () => {
      assert.deepEqual(only(findings(merged([declaration(), PLATFORM])), 'vague-description'), []);
    });

    test('a missing HS code is an info finding for that item', () => {
      const found = findings(
        merged([declaration({ items: [{ description: 'Ceramic coffee mug', quantity: 1, unitPrice: '10.00', originCountry: 'CN' }] }), PLATFORM]),
      );
      const missing = only(found, 'missing-hs-code');
      assert.equal(missing.length, 1);
      assert.equal(missing[0]!.severity, 'info');
      assert.match(missing[0]!.message, /item 0/);
    });

    test('a consistent order, payment and logistics filing give no warning at all', () => {
      const o = order();
      const found = findings(merged([o, PLATFORM], [payment(o.orderId as string, '29.99'), PAYER], [logistics(s10(), { orderId: o.orderId }), CARRIER]));
      assert.deepEqual(found.filter((f) => f.severity === 'warning'), []);
    });
  });
});
