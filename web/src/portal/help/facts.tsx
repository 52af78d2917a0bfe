// The home jurisdiction's figures in plain words for the how-to pages, each with the law it comes from: thresholds,
// tax rates, schemes, flat duties, fees, valuation and data deadlines, as the pack in force today says.
import type { ReactNode } from 'react';
import { money } from '../../shared/format.ts';
import { Loading, Problems } from '../../shared/ui.tsx';
import { placeName } from '../countries.ts';
import { inForce, useHomePack, type Ceiling, type PackFacts, type Threshold } from '../packs.ts';

/** "0.19" → "19 %", by moving the decimal point in the string (a rate is quoted exactly as the law writes it). */
export function percent(fraction: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(fraction);
  if (!m) return fraction;
  const decimals = (m[2] ?? '').padEnd(2, '0');
  const whole = `${m[1]}${decimals.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = decimals.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''} %`;
}

const isZero = (amount: string): boolean => !/[1-9]/.test(amount);

const BASIS: Record<Threshold['basis'], string> = {
  intrinsic: 'the price of the goods (transport and insurance not counted)',
  'customs-value': 'the customs value of the parcel',
  item: 'the price of the item',
  'duty-amount': 'the duty worked out',
  'tax-amount': 'the tax worked out',
};

/** "the price of the goods … is at most €150.00" */
export function within(c: Ceiling, currency: string): string {
  return `${BASIS[c.basis]} ${c.inclusive ? 'is at most' : 'is below'} ${money({ amount: c.amount, currency })}`;
}

/** A de minimis or relief in words: "No duty when …", "No threshold: …", with the parcels it is limited to. */
export function describe(t: Threshold, currency: string, charge: string): string {
  if (isZero(t.amount) && !t.inclusive) return `No threshold: ${charge} is due whatever the value`;
  let s = t.basis === 'item' ? `No ${charge} on an item when ${within(t, currency)}` : `No ${charge} when ${within(t, currency)}`;
  if (t.services) s += `, for parcels sent by ${t.services.join(' or ')}`;
  if (t.departureCountries) s += ` from ${t.departureCountries.map(placeName).join(' or ')}`;
  if (t.excludedHs?.length) s += `; never for goods whose HS code starts with ${t.excludedHs.join(', ')}`;
  return s;
}

export function Source({ children }: { children: string }): ReactNode {
  return <span className="source"> Source: {children}.</span>;
}

/** The thresholds of a list in force today, each with its source; `none` when the pack sets none. */
export function Thresholds({ list, currency, charge, none }: { list: Threshold[]; currency: string; charge: string; none: string }): ReactNode {
  const current = list.filter((t) => inForce(t));
  if (current.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {current.map((t, i) => (
        <li key={i}>
          {describe(t, currency, charge)}.<Source>{t.source}</Source>
        </li>
      ))}
    </ul>
  );
}

/** The tax rates of the home country in force today ("19 % standard (DE)"). */
export function HomeTaxRates({ pack }: { pack: PackFacts }): ReactNode {
  return (
    <ul>
      {pack.taxes.map((tax) => {
        const rates = tax.rates.filter((r) => inForce(r) && (r.region === undefined || r.region === pack.homeCountry));
        if (rates.length === 0) return null;
        return (
          <li key={tax.code}>
            {tax.code} — {tax.name}, in {placeName(pack.homeCountry)}:{' '}
            {rates.map((r, i) => (
              <span key={i}>
                {i > 0 ? '; ' : ''}
                {percent(r.rate)} {r.name}
              </span>
            ))}
            .<Source>{rates[0]!.source}</Source>
          </li>
        );
      })}
    </ul>
  );
}

export function Schemes({ pack, none }: { pack: PackFacts; none: string }): ReactNode {
  const schemes = pack.schemes.filter((s) => inForce(s));
  if (schemes.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {schemes.map((s) => (
        <li key={s.scheme}>
          <strong>{s.name}</strong> ({s.scheme}): the registered seller or marketplace collects the {s.covers.join(' and ')} at checkout, for parcels
          where {within(s.ceiling, pack.currency)}.<Source>{s.source}</Source>
        </li>
      ))}
    </ul>
  );
}

export function FlatDuties({ pack }: { pack: PackFacts }): ReactNode {
  const flat = (pack.flatDuties ?? []).filter((f) => inForce(f));
  if (flat.length === 0) return null;
  return (
    <ul>
      {flat.map((f, i) => (
        <li key={i}>
          A flat customs duty of {money({ amount: f.amount, currency: pack.currency })} per {f.per.replace('-', ' ')}
          {f.schemes ? ` on parcels sold under ${f.schemes.join(' or ')}` : ''} where {within(f.ceiling, pack.currency)}, instead of the tariff rate
          {f.validUntil ? `, until ${f.validUntil}` : ''}.<Source>{f.source}</Source>
        </li>
      ))}
    </ul>
  );
}

export function Fees({ pack, none }: { pack: PackFacts; none: string }): ReactNode {
  const fees = pack.fees.filter((f) => inForce(f));
  if (fees.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {fees.map((f) => (
        <li key={f.code}>
          {f.name}.<Source>{f.source}</Source>
        </li>
      ))}
    </ul>
  );
}

export function Valuation({ pack }: { pack: PackFacts }): ReactNode {
  const v = pack.valuation.find((x) => inForce(x));
  if (!v) return null;
  return (
    <p>
      {v.basis === 'CIF'
        ? 'The customs value is the price of the goods plus the transport and insurance to the border.'
        : 'The customs value is the price of the goods; transport and insurance are not part of it.'}
      <Source>{v.source}</Source>
    </p>
  );
}

const SERVICE_WORDS: Record<string, string> = { post: 'post', express: 'express courier', 'air-cargo': 'air cargo', road: 'road', sea: 'sea', courier: 'courier' };

export function Deadlines({ pack }: { pack: PackFacts }): ReactNode {
  const d = pack.advanceDataDeadlineHours;
  const services = Object.entries(d).filter((e): e is [string, number] => typeof e[1] === 'number');
  return (
    <>
      <ul>
        {services.map(([service, hours]) => (
          <li key={service}>
            By {SERVICE_WORDS[service] ?? service}: at least {hours} {hours === 1 ? 'hour' : 'hours'} before the parcel arrives.
          </li>
        ))}
      </ul>
      <p className="source">
        Source: {d.source}.{d.note ? ` Note: ${d.note}.` : ''}
      </p>
    </>
  );
}

/** The home pack for a page's figures, with its loading and failure states. */
export function WithHomePack({ children }: { children: (pack: PackFacts) => ReactNode }): ReactNode {
  const home = useHomePack();
  if (home.error) return <Problems error={home.error} />;
  if (!home.data) return <Loading what="the rules in force" />;
  return children(home.data);
}
