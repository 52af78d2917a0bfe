// Identifiers Clearway assigns: UUID version 7 (RFC 9562), time-ordered so that new rows land at the end of
// the B-tree indexes instead of on random pages (a random UUID dirties a random page per insert).
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  // Within one millisecond a counter in the random part keeps ids increasing.
  if (now <= lastMs) {
    counter++;
  } else {
    lastMs = now;
    counter = 0;
  }
  const ms = Math.max(now, lastMs);
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
