// The frame every dashboard shares: a heading, a sentence on what it shows, the chart, the same figures as a table,
// and the period's figures as CSV; an empty period says so instead of drawing an empty chart.
import type { ReactNode } from 'react';

export interface DashboardProps {
  /** The section's id (an anchor, and data-dashboard for tests). */
  id: string;
  title: string;
  /** One or two sentences: what the chart shows and how to read it. */
  what: ReactNode;
  /** The metrics CSV for the period shown. */
  csv: { href: string; filename: string; period: string };
  /** Which rows of the CSV (its `section` column) hold this dashboard's figures. */
  csvSections: string;
  children: ReactNode;
}

export type CsvLink = DashboardProps['csv'];

export function Dashboard({ id, title, what, csv, csvSections, children }: DashboardProps): ReactNode {
  return (
    <section className="dashboard card" id={id} data-dashboard={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted">{what}</p>
      {children}
      <p className="csv">
        <a href={csv.href} download={csv.filename} data-csv={id}>
          Download the figures as CSV<span className="visually-hidden"> for {title.toLowerCase()}</span>
        </a>{' '}
        <span className="hint">
          ({csv.period}; one file with every dashboard’s figures, this one’s in the rows of section {csvSections})
        </span>
      </p>
    </section>
  );
}

/** The figures behind a chart, as a table: what a screen reader, a keyboard or a copy-paste can use. */
export function FiguresTable({ name, caption, children, open = false }: { name: string; caption: string; children: ReactNode; open?: boolean }): ReactNode {
  return (
    <details className="figures" open={open}>
      <summary>
        Show the figures<span className="visually-hidden">: {caption}</span>
      </summary>
      {/* Focusable and named: a table wider than its column scrolls, and the keyboard must be able to scroll it. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
        <table data-table={name}>
          <caption>{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}

/** Said instead of a chart when there is nothing to draw. */
export function Empty({ children = 'No parcels in this period' }: { children?: ReactNode }): ReactNode {
  return (
    <p className="empty" data-empty="true">
      {children}
    </p>
  );
}
