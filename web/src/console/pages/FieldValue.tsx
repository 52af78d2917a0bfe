// A merged field's value as people read it: an address on one line, the items as a table, a record as labelled
// facts — not JSON.
import type { ReactNode } from 'react';
import { fieldLabel } from './labels.ts';

type Plain = string | number | boolean | null | undefined;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAddress = (v: Record<string, unknown>): boolean => Array.isArray(v.lines) && typeof v.country === 'string';

function address(a: Record<string, unknown>): string {
  return [...(a.lines as string[]), [a.postcode, a.city].filter(Boolean).join(' '), a.region, a.country].filter((x) => x !== undefined && x !== '').join(', ');
}

function plain(v: Plain): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function FieldValue({ value }: { value: unknown }): ReactNode {
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every(isRecord)) return <RecordsTable rows={value} />;
    return value.map((v) => plain(v as Plain)).join(', ');
  }
  if (isRecord(value)) {
    if (isAddress(value)) return address(value);
    return (
      <dl className="facts">
        {Object.entries(value).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{fieldLabel(k)}</dt>
            <dd>
              <FieldValue value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return plain(value as Plain);
}

/** A list of records (the items of a parcel) as a table over the union of their keys. */
function RecordsTable({ rows }: { rows: Array<Record<string, unknown>> }): ReactNode {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">#</th>
          {keys.map((k) => (
            <th key={k} scope="col">
              {fieldLabel(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            {keys.map((k) => (
              <td key={k}>
                <FieldValue value={r[k]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
