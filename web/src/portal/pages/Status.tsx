// Parcel status for its recipient (standard 13): tracking id and delivery postcode in, where the parcel stands out.
import { useEffect, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, ApiError, query } from '../../shared/api.ts';
import { dateTime, money, statusLabel } from '../../shared/format.ts';
import { Problems, StatusBadge } from '../../shared/ui.tsx';
import { ErrorSummary, TextField, type Refusal } from '../form.tsx';
import { usePageTitle } from '../page.ts';

interface PublicStatus {
  trackingId: string;
  status: string;
  explanation: string;
  since: string;
  due: { amount: string; currency: string } | null;
  timeline: Array<{ status: string; at: string }>;
}

/** What the recipient can do now, for each status. */
const NEXT: Record<string, ReactNode> = {
  'pre-arrival': 'Nothing yet. Customs has the data about your parcel; look again once the carrier says it has reached the country.',
  arrived: 'Nothing for now: customs is clearing the parcel. Most parcels are released the same day.',
  held: 'Wait for a message from customs, another authority or the carrier: they may ask you or the seller for an invoice, a proof of payment or a permit. Answer them quickly so the parcel can go on.',
  'payment-due': (
    <>
      Pay the amount below. The carrier or customs sends you a notice that says how to pay; customs releases the parcel as soon as the payment is
      recorded. See <Link href="/help/consumers#paying">how to pay what is due</Link>.
    </>
  ),
  released: 'Nothing: the carrier delivers the parcel. If the carrier collects duty or tax on delivery, it will ask you for it then.',
  delivered: (
    <>
      Nothing. If you send the goods back, see <Link href="/help/consumers#returns">returns and refunds</Link>.
    </>
  ),
  seized: 'Customs keeps the goods. You will receive a written decision that gives the reason and how to contest it.',
  'returned-to-sender': 'The parcel goes back to the seller: ask the seller for a refund of the price.',
  destroyed: 'The goods were destroyed under customs supervision. Ask the seller about a refund of the price.',
  'return-requested': (
    <>
      Send the goods back as the seller or the carrier tells you. Once customs has proof that they left the country, the duty and tax paid on them are
      refunded: see <Link href="/help/consumers#returns">returns and refunds</Link>.
    </>
  ),
  returned: 'Nothing: the goods have left the country and the refund of the duty and tax paid on them is being made.',
  refunded: 'Nothing: the duty and tax paid on the returned goods were refunded to whoever paid them.',
};

type Field = 'trackingId' | 'postcode';

const trackingIdOf = (typed: string): string => typed.replace(/\s+/g, '').toUpperCase();

export function Status(): ReactNode {
  usePageTitle('Parcel status');
  const search = useSearch();
  const [, navigate] = useLocation();
  const [trackingId, setTrackingId] = useState(() => new URLSearchParams(search).get('trackingId') ?? '');
  const [postcode, setPostcode] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<PublicStatus>();
  const [notFound, setNotFound] = useState(false);
  const [problems, setProblems] = useState<Array<Refusal<Field>>>([]);
  const [failure, setFailure] = useState<unknown>();
  const answer = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const postcodeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (found) answer.current?.focus();
  }, [found]);
  useEffect(() => {
    if (problems.length > 0) summary.current?.focus();
  }, [problems]);
  // A shared link fills in the tracking id; the postcode, which proves the asker is the recipient, is typed.
  const [shared] = useState(() => trackingId !== '');
  useEffect(() => {
    if (shared) postcodeInput.current?.focus();
  }, [shared]);

  const lookUp = async (e: FormEvent) => {
    e.preventDefault();
    const id = trackingIdOf(trackingId);
    setBusy(true);
    setFound(undefined);
    setNotFound(false);
    setFailure(undefined);
    setProblems([]);
    try {
      const status = await api<PublicStatus>(`/v1/public/status${query({ trackingId: id, postcode: postcode.trim() })}`);
      setFound(status);
      // The address can be shared or bookmarked: it names the parcel, never the postcode.
      navigate(`/status${query({ trackingId: id })}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      else if (err instanceof ApiError && err.status === 400) setProblems(err.problems.map(toFieldProblem));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: Field) => problems.find((p) => p.field === field)?.message;
  return (
    <div className="narrow">
      <h1>Parcel status</h1>
      <p>See where your parcel stands with customs, and whether anything is due before it is delivered.</p>
      <ErrorSummary ref={summary} problems={problems} />
      {failure ? <Problems error={failure} /> : null}
      <form onSubmit={(e) => void lookUp(e)} noValidate className="lookup">
        <TextField
          id="trackingId"
          label="Tracking number"
          hint="From the seller’s or the carrier’s shipping message, for example RR123456785CN."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={trackingId}
          error={errorOf('trackingId')}
          onChange={(e) => setTrackingId(e.target.value)}
        />
        <TextField
          ref={postcodeInput}
          id="postcode"
          label="Delivery postcode"
          hint="The postcode the parcel is sent to: it shows the parcel is yours."
          autoComplete="postal-code"
          className="short"
          value={postcode}
          error={errorOf('postcode')}
          onChange={(e) => setPostcode(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Looking…' : 'Show the status'}
        </button>
      </form>
      {notFound ? (
        <div className="notice bad" role="alert">
          <h2>No parcel found</h2>
          <p>
            We found no parcel with this tracking number delivered to this postcode. Check both against the shipping message. A parcel appears here
            once the seller or the carrier has sent its data to customs, usually when it is dispatched.
          </p>
        </div>
      ) : null}
      {found ? <Answer status={found} ref={answer} /> : null}
    </div>
  );
}

function toFieldProblem(p: { path: string }): Refusal<Field> {
  const field: Field = p.path.endsWith('/postcode') ? 'postcode' : 'trackingId';
  const message =
    field === 'postcode'
      ? 'Enter the postcode the parcel is delivered to, with at least one letter or digit.'
      : 'Enter the tracking number: letters and digits, up to 64 characters.';
  return { field, message, fieldId: field, text: `${field === 'postcode' ? 'Delivery postcode' : 'Tracking number'}: ${message}` };
}

function Answer({ status, ref }: { status: PublicStatus; ref: Ref<HTMLHeadingElement> }): ReactNode {
  return (
    <section className="card status-answer" aria-labelledby="status-heading">
      <h2 id="status-heading" ref={ref} tabIndex={-1}>
        Parcel {status.trackingId}: <span data-status={status.status}>{statusLabel(status.status)}</span>
      </h2>
      <p>
        <StatusBadge status={status.status} /> since {dateTime(status.since)}
      </p>
      <p>{status.explanation}</p>
      {status.due ? (
        <p className="notice warn">
          To pay before release: <strong data-figure="due">{money(status.due)}</strong>
        </p>
      ) : null}
      <h3>What to do next</h3>
      <p>{NEXT[status.status] ?? 'Nothing for now.'}</p>
      <h3>What happened so far</h3>
      <ol className="timeline">
        {status.timeline.map((t, i) => (
          <li key={i}>
            <strong>{statusLabel(t.status)}</strong> — <time dateTime={t.at}>{dateTime(t.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
