// The estimator's form: where the parcel goes and comes from, what is in it, what it cost, and any tax paid at checkout.
import { useRef, type FormEvent, type ReactNode } from 'react';
import { countryOptions, currencyName, placeOptions } from '../countries.ts';
import { CheckboxField, SelectField, TextField } from '../form.tsx';
import { destinationsOf, inForce, type PackFacts } from '../packs.ts';
import { emptyItem, inputId, services, type BasketForm as Form, type ItemForm } from './basket.ts';

interface Props {
  form: Form;
  onChange: (next: Form) => void;
  /** Problems by form field ("/items/0/unitPrice"). */
  errors: Record<string, string>;
  packs: PackFacts[];
  busy: boolean;
  onSubmit: () => void;
}

export const packOf = (packs: PackFacts[], destination: string): PackFacts | undefined => packs.find((p) => destinationsOf(p).includes(destination));

export function BasketForm({ form, onChange, errors, packs, busy, onSubmit }: Props): ReactNode {
  const pack = packOf(packs, form.destination);
  const schemes = (pack?.schemes ?? []).filter((s) => inForce(s));
  const currencies = [...new Set(packs.map((p) => p.currency))].sort().map((c) => ({ value: c, label: `${c} — ${currencyName(c)}` }));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => onChange({ ...form, [key]: value });
  const field = (name: string) => ({ id: inputId(name), error: errors[name] });

  const chooseDestination = (destination: string) => {
    const next = packOf(packs, destination);
    // Prices in the old destination's currency follow the new one: the estimate needs no exchange rate then.
    const currency = pack && form.currency === pack.currency && next ? next.currency : form.currency;
    const nextSchemes = (next?.schemes ?? []).filter((s) => inForce(s));
    const scheme = nextSchemes.some((s) => s.scheme === form.scheme) ? form.scheme : (nextSchemes[0]?.scheme ?? '');
    onChange({ ...form, destination, currency, scheme, registered: form.registered && nextSchemes.length > 0 });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <form onSubmit={submit} noValidate className="basket" aria-describedby="basket-intro">
      <p id="basket-intro" className="muted">
        Fill in what you are buying and where it goes. Nothing is sent to customs: the estimate is worked out from the law of the destination.
      </p>
      <fieldset>
        <legend>The parcel</legend>
        <SelectField
          {...field('/destination')}
          label="Delivered to"
          value={form.destination}
          onChange={(e) => chooseDestination(e.target.value)}
          options={placeOptions(packs.flatMap(destinationsOf))}
          placeholder="Choose where it is delivered"
        />
        <SelectField
          {...field('/origin')}
          label="Sent from"
          hint="The country the seller ships from and the goods come from."
          value={form.origin}
          onChange={(e) => set('origin', e.target.value)}
          options={countryOptions}
          placeholder="Choose a country"
        />
        <SelectField {...field('/service')} label="Sent by" value={form.service} onChange={(e) => set('service', e.target.value as Form['service'])} options={[...services]} />
        <CheckboxField
          {...field('/marketplace')}
          label="Bought on an online marketplace"
          checked={form.marketplace}
          onChange={(e) => set('marketplace', e.target.checked)}
        />
        <CheckboxField
          {...field('/gift')}
          label="A gift from one private person to another"
          hint="Not something you bought: gifts between people may be relieved from duty and tax up to a limit."
          checked={form.gift}
          onChange={(e) => set('gift', e.target.checked)}
        />
      </fieldset>

      <fieldset>
        <legend>Prices</legend>
        <SelectField
          {...field('/currency')}
          label="Currency of the prices"
          value={form.currency}
          onChange={(e) => set('currency', e.target.value)}
          options={currencies}
        />
        <Items form={form} onChange={onChange} errors={errors} />
        <TextField {...field('/shippingCost')} label="Shipping cost" optional inputMode="decimal" autoComplete="off" value={form.shippingCost} onChange={(e) => set('shippingCost', e.target.value)} />
        <TextField {...field('/insuranceCost')} label="Insurance cost" optional inputMode="decimal" autoComplete="off" value={form.insuranceCost} onChange={(e) => set('insuranceCost', e.target.value)} />
      </fieldset>

      {schemes.length > 0 ? (
        <fieldset>
          <legend>Tax charged at checkout</legend>
          <CheckboxField
            {...field('/registered')}
            label={`The seller charged the tax at checkout (${schemes.map((s) => s.scheme).join(' or ')})`}
            hint={`Registered sellers and marketplaces collect the tax with the price under ${schemes.map((s) => s.name).join('; ')}. Your receipt shows their registration number.`}
            checked={form.registered}
            onChange={(e) => onChange({ ...form, registered: e.target.checked, scheme: form.scheme || schemes[0]!.scheme })}
          />
          {form.registered ? (
            <>
              {schemes.length > 1 ? (
                <SelectField
                  {...field('/scheme')}
                  label="Scheme"
                  value={form.scheme}
                  onChange={(e) => set('scheme', e.target.value)}
                  options={schemes.map((s) => ({ value: s.scheme, label: s.name }))}
                />
              ) : null}
              <TextField
                {...field('/registrationNumber')}
                label="Seller’s registration number"
                hint={`As shown on your receipt, for example the ${form.scheme} number.`}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={form.registrationNumber}
                onChange={(e) => set('registrationNumber', e.target.value)}
              />
              <TextField
                {...field('/taxCharged')}
                label={`Tax charged at checkout, in ${form.currency}`}
                inputMode="decimal"
                autoComplete="off"
                value={form.taxCharged}
                onChange={(e) => set('taxCharged', e.target.value)}
              />
            </>
          ) : null}
        </fieldset>
      ) : null}

      <button type="submit" disabled={busy}>
        {busy ? 'Estimating…' : 'Estimate what I pay'}
      </button>
    </form>
  );
}

function Items({ form, onChange, errors }: Pick<Props, 'form' | 'onChange' | 'errors'>): ReactNode {
  const addButton = useRef<HTMLButtonElement>(null);
  const setItem = (i: number, patch: Partial<ItemForm>) => onChange({ ...form, items: form.items.map((it, j) => (j === i ? { ...it, ...patch } : it)) });
  const add = () => {
    onChange({ ...form, items: [...form.items, emptyItem()] });
    // The new item's first field takes the focus once it is drawn, so a keyboard user goes on typing there.
    const index = form.items.length;
    requestAnimationFrame(() => document.getElementById(inputId(`/items/${index}/description`))?.focus());
  };
  const remove = (i: number) => {
    onChange({ ...form, items: form.items.filter((_, j) => j !== i) });
    addButton.current?.focus();
  };
  return (
    <div className="items">
      {form.items.map((item, i) => {
        const field = (name: keyof ItemForm) => ({ id: inputId(`/items/${i}/${name}`), error: errors[`/items/${i}/${name}`] });
        return (
          <fieldset key={item.key} className="item">
            <legend>Item {i + 1}</legend>
            <TextField {...field('description')} label="What it is" hint="For example “cotton T-shirt” or “bluetooth headphones”." value={item.description} onChange={(e) => setItem(i, { description: e.target.value })} />
            <TextField
              {...field('hsCode')}
              label="HS code"
              optional
              hint="The tariff code, 6 to 10 digits, if the seller gives it. Without it, duty cannot be worked out."
              inputMode="numeric"
              autoComplete="off"
              value={item.hsCode}
              onChange={(e) => setItem(i, { hsCode: e.target.value })}
            />
            <div className="row">
              <TextField {...field('quantity')} label="How many" inputMode="numeric" autoComplete="off" className="short" value={item.quantity} onChange={(e) => setItem(i, { quantity: e.target.value })} />
              <TextField {...field('unitPrice')} label={`Price for one, in ${form.currency}`} inputMode="decimal" autoComplete="off" className="short" value={item.unitPrice} onChange={(e) => setItem(i, { unitPrice: e.target.value })} />
            </div>
            {form.items.length > 1 ? (
              <button type="button" className="secondary" onClick={() => remove(i)}>
                Remove item {i + 1}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <button type="button" className="secondary" ref={addButton} onClick={add}>
        Add another item
      </button>
    </div>
  );
}
