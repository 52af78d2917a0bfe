// Identifiers Clearway assigns: UUID version 7 (RFC 9562), time-ordered so that new rows land at the end of
// the B-tree indexes instead of on random pages (a random UUID dirties a random page per insert).
import { randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  // Within one millisecond (or if the clock steps back) a 12-bit counter keeps ids increasing.
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter = (counter + 1) & 0xfff;
  }
  const ms = lastMs.toString(16).padStart(12, '0');
  // randomUUID draws from a pooled random buffer; its last 17 characters are the variant and 62 random bits.
  const random = randomUUID().slice(19);
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${random}`;
}
