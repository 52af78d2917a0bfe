// Bar charts for the dashboards, over Recharts: the palette and fill patterns (so a series is told apart by more than
// its colour), a text legend, a value written on every bar, and the whole chart as one image with a spoken summary.
import type { ReactElement, ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps, type LabelProps } from 'recharts';

/** The palette of shared/styles.css (each at least 4.5:1 on white, so bars and their outlines stand out, WCAG 1.4.11). */
const INK = '#1a1f2b';
const INK_MUTED = '#464f5e';
const LINE = '#c3cad5';

/** One look per series, in order: a colour and a fill pattern (solid, stripes, dots, cross-hatch, bands). */
export const LOOKS = [
  { color: '#0b4f8a', fill: '#0b4f8a' },
  { color: '#1d6433', fill: 'url(#cw-stripes)' },
  { color: '#7a4600', fill: 'url(#cw-dots)' },
  { color: '#9e1c1c', fill: 'url(#cw-cross)' },
  { color: INK_MUTED, fill: 'url(#cw-bands)' },
] as const;

/** A bar drawn from weak evidence (few controls): outlined and lightly hatched instead of solid. */
const WEAK_FILL = 'url(#cw-weak)';

/** The fill patterns, once per page; charts and legends refer to them by id. */
export function ChartPatterns(): ReactNode {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style={{ position: 'absolute' }}>
      <defs>
        <pattern id="cw-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={LOOKS[1].color} />
          <rect width="2" height="6" fill="#ffffff" />
        </pattern>
        <pattern id="cw-dots" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill={LOOKS[2].color} />
          <circle cx="3" cy="3" r="1.3" fill="#ffffff" />
        </pattern>
        <pattern id="cw-cross" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="7" height="7" fill={LOOKS[3].color} />
          <rect width="1.5" height="7" fill="#ffffff" />
          <rect width="7" height="1.5" fill="#ffffff" />
        </pattern>
        <pattern id="cw-bands" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill={LOOKS[4].color} />
          <rect width="6" height="2" fill="#ffffff" />
        </pattern>
        <pattern id="cw-weak" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
          <rect width="6" height="6" fill="#ffffff" />
          <rect width="2" height="6" fill={LOOKS[0].color} />
        </pattern>
      </defs>
    </svg>
  );
}

/** A small sample of a series' look, for legends. */
export function Swatch({ look, weak = false }: { look: number; weak?: boolean }): ReactNode {
  const l = LOOKS[look % LOOKS.length]!;
  return (
    <svg width="18" height="14" aria-hidden="true" focusable="false" className="swatch">
      <rect x="1" y="1" width="16" height="12" fill={weak ? WEAK_FILL : l.fill} stroke={l.color} strokeWidth="1.5" />
    </svg>
  );
}

export interface Series<R> {
  key: string;
  /** The series' name in the legend and the tooltip. */
  name: string;
  /** The bar's length; null draws no bar (the label says why). */
  value: (row: R) => number | null;
  /** The figure as the tables show it, written beside the bar. */
  label: (row: R) => string;
  /** Written before the figure when a row has several bars, so no one needs the colours to tell them apart. */
  short?: string;
  /** A range drawn as whiskers around the bar (a confidence interval, p10 to p90), in the value's unit. */
  range?: (row: R) => [number, number] | null;
  /** Drawn hatched and outlined: the figure rests on too little to trust. */
  weak?: (row: R) => boolean;
}

export interface BarsProps<R> {
  /** Names the chart for tests and styles (data-chart). */
  name: string;
  /** What a screen reader says for the chart: the figures in a sentence or two. */
  summary: string;
  rows: readonly R[];
  rowLabel: (row: R) => string;
  series: ReadonlyArray<Series<R>>;
  /** rows: one horizontal bar per row (long names); columns: vertical bars in order (a histogram). */
  layout?: 'rows' | 'columns';
  /** The value axis; [0, 1] for shares. */
  domain?: [number, number];
  tick?: (v: number) => string;
  /** The value axis' title, e.g. "Hours from arrival to release". */
  axis: string;
  /** The values are counts: no ticks between whole numbers. */
  integer?: boolean;
  /** Shown under the chart, after the series legend: what whiskers or hatching mean. */
  notes?: ReactNode;
}

/**
 * The figure of a horizontal bar, written in a column right of the plot rather than at the bar's end, so that it never
 * collides with whiskers and the figures line up for reading down.
 */
const valueColumnAt = (width: number) => (props: LabelProps): ReactElement => {
  const bar = props.viewBox as { x: number; y: number; width: number; height: number } | undefined;
  const chart = props.parentViewBox as { x: number; width: number } | undefined;
  if (!bar || !chart) return <g />;
  return (
    <text x={chart.x + chart.width - width + 8} y={bar.y + bar.height / 2} dominantBaseline="central" fill={INK} fontSize={12}>
      {props.value}
    </text>
  );
};

/**
 * Bars drawn through a shape of our own: Recharts leaves out a bar of length 0 otherwise, and its figure with it
 * ("0 of 3", "no controls" must still be written).
 */
const barShape = (props: BarShapeProps): ReactElement => <Rectangle {...props} />;

type Datum = Record<string, string | number | boolean | number[] | null>;

const ROW_PX = 26;

export function Bars<R>({ name, summary, rows, rowLabel, series, layout = 'rows', domain, tick, axis, notes, integer = false }: BarsProps<R>): ReactNode {
  const data: Datum[] = rows.map((r) => {
    const d: Datum = { name: rowLabel(r) };
    for (const s of series) {
      const v = s.value(r);
      d[s.key] = v ?? 0;
      d[`${s.key}:label`] = s.label(r);
      d[`${s.key}:text`] = s.short ? `${s.short} ${s.label(r)}` : s.label(r);
      d[`${s.key}:weak`] = s.weak?.(r) ?? false;
      const range = v === null ? null : (s.range?.(r) ?? null);
      d[`${s.key}:range`] = range ? [Math.max(0, v! - range[0]), Math.max(0, range[1] - v!)] : null;
    }
    return d;
  });
  const rowsLayout = layout === 'rows';
  const longest = Math.max(...data.map((d) => String(d.name).length), 4);
  const categoryWidth = Math.min(230, 16 + longest * 7.2);
  const height = rowsLayout ? 46 + rows.length * Math.max(1, series.length) * ROW_PX + rows.length * 10 : 280;
  const valueAxis = {
    type: 'number' as const,
    domain: domain ?? [0, 'auto'],
    tickFormatter: tick,
    allowDecimals: !integer,
    tick: { fill: INK_MUTED, fontSize: 12 },
    stroke: LINE,
  };
  const categoryAxis = {
    type: 'category' as const,
    dataKey: 'name',
    tick: { fill: INK, fontSize: 13 },
    stroke: LINE,
    interval: 0 as const,
  };
  const labelOf = (key: string) => (entry: { payload: Datum }) => String(entry.payload[`${key}:text`] ?? '');
  const longestLabel = Math.max(...data.flatMap((d) => series.map((s) => String(d[`${s.key}:text`]).length)), 6);
  const valueColumn = Math.min(280, 20 + longestLabel * 6.8);
  return (
    <figure className="chart" data-chart={name}>
      <div role="img" aria-label={summary} className="chart-image">
        <BarChart
          responsive
          accessibilityLayer={false}
          layout={rowsLayout ? 'vertical' : 'horizontal'}
          data={data}
          style={{ width: '100%', height }}
          margin={rowsLayout ? { top: 4, right: valueColumn, bottom: 18, left: 4 } : { top: 22, right: 12, bottom: 18, left: 4 }}
          barCategoryGap={rowsLayout ? 6 : '18%'}
          barGap={2}
        >
          <CartesianGrid stroke={LINE} strokeDasharray="3 3" horizontal={!rowsLayout} vertical={rowsLayout} />
          {rowsLayout ? (
            <>
              <XAxis {...valueAxis} label={{ value: axis, position: 'insideBottom', offset: -12, fill: INK_MUTED, fontSize: 12 }} />
              <YAxis {...categoryAxis} width={categoryWidth} />
            </>
          ) : (
            <>
              <XAxis {...categoryAxis} />
              <YAxis {...valueAxis} width={56} label={{ value: axis, angle: -90, position: 'insideLeft', offset: 10, fill: INK_MUTED, fontSize: 12, style: { textAnchor: 'middle' } }} />
            </>
          )}
          <Tooltip
            cursor={{ fill: '#f3f5f8' }}
            isAnimationActive={false}
            formatter={(_v, seriesName, item) => [String((item.payload as Datum)[`${String(item.dataKey)}:label`] ?? ''), seriesName]}
          />
          {series.map((s, i) => {
            const look = LOOKS[i % LOOKS.length]!;
            return (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={look.fill} stroke={look.color} strokeWidth={1} isAnimationActive={false} maxBarSize={rowsLayout ? 22 : 64} shape={barShape}>
                {data.map((d, j) => (
                  <Cell key={j} fill={d[`${s.key}:weak`] ? WEAK_FILL : look.fill} />
                ))}
                {s.range ? <ErrorBar dataKey={`${s.key}:range`} width={5} strokeWidth={2} stroke={INK} direction={rowsLayout ? 'x' : 'y'} isAnimationActive={false} /> : null}
                {rowsLayout ? (
                  <LabelList valueAccessor={labelOf(s.key)} content={valueColumnAt(valueColumn)} />
                ) : (
                  <LabelList valueAccessor={labelOf(s.key)} position="top" fill={INK} fontSize={12} offset={6} />
                )}
              </Bar>
            );
          })}
        </BarChart>
      </div>
      {series.length > 1 || notes ? (
        <figcaption className="chart-legend">
          {series.length > 1 ? (
            <ul aria-label="Legend">
              {series.map((s, i) => (
                <li key={s.key}>
                  <Swatch look={i} /> {s.name}
                </li>
              ))}
            </ul>
          ) : null}
          {notes}
        </figcaption>
      ) : null}
    </figure>
  );
}
