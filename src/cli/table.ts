// Plain-text tables for commands that list things on a terminal.

/** Columns padded to their widest cell; `right` says which hold numbers (aligned right). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [header, ...rows].map(line).join('\n');
}
