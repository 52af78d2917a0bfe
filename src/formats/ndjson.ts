// NDJSON reading: splits a byte stream into lines with strict UTF-8, a size limit per line and a limit on the number of lines.
export type Line =
  | { line: number; value: unknown }
  | { line: number; error: { path: string; code: string; message: string } };

const NEWLINE = 0x0a;

export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private lineNo = 0;
  private skipping = false;
  /** Non-blank lines seen, the ones that count against the limit. */
  private count = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Set once the stream holds more lines than allowed: the line number that was not read. */
  overflowAt: number | null = null;

  constructor(
    private readonly maxLineBytes: number,
    private readonly maxLines: number,
  ) {}

  /** Complete lines in this chunk (blank lines are skipped but counted, so line numbers match the sender's). */
  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.append(chunk.subarray(start, nl));
      this.finishLine(out);
      start = nl + 1;
      if (this.overflowAt !== null) return out;
    }
    this.append(chunk.subarray(start));
    return out;
  }

  end(): Line[] {
    const out: Line[] = [];
    if (this.partBytes > 0 || this.skipping) this.finishLine(out);
    return out;
  }

  private append(bytes: Buffer): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.partBytes + bytes.length > this.maxLineBytes) {
      this.skipping = true;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  private finishLine(out: Line[]): void {
    const line = ++this.lineNo;
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    const skipped = this.skipping;
    this.parts = [];
    this.partBytes = 0;
    this.skipping = false;
    if (skipped) {
      out.push({ line, error: { path: '', code: 'too-large', message: `a line may hold at most ${this.maxLineBytes} bytes` } });
      return;
    }
    if (bytes.length === 0 || isBlank(bytes)) return;
    if (++this.count > this.maxLines) {
      this.overflowAt = line;
      return;
    }
    out.push(parseLine(line, bytes, this.decoder));
  }
}

const isBlank = (b: Buffer): boolean => {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  return true;
};

export function parseLine(line: number, bytes: Uint8Array, decoder = new TextDecoder('utf-8', { fatal: true })): Line {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { line, error: { path: '', code: 'invalid-utf8', message: 'the line is not valid UTF-8' } };
  }
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { line, error: { path: '', code: 'bad-json', message: `not valid JSON: ${(e as Error).message.slice(0, 200)}` } };
  }
}
