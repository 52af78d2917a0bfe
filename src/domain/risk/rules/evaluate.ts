// Matching targeting rules against a consignment: rules are compiled once into predicates, then run per consignment.
import { inForce } from '../../jurisdiction/index.ts';
import { Fixed } from '../../money/index.ts';
import { fold } from '../indicators/text.ts';
import { ruleFields, type Condition, type RiskRule, type RiskSubject, type RuleField, type RuleHit, type Watchlist } from './types.ts';

type Predicate = (s: RiskSubject) => boolean;


/** The values of a text or list field, as a list (empty when the consignment does not have it). */
function valuesOf(s: RiskSubject, field: RuleField): readonly string[] {
  const v = s[field as keyof RiskSubject];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v as string[];
  return [String(v)];
}

function numberOf(s: RiskSubject, field: RuleField): Fixed | undefined {
  const v = s[field as keyof RiskSubject];
  if (v === undefined || v === null) return undefined;
  return Fixed.of(typeof v === 'number' ? v : String(v));
}

function compile(c: Condition, lists: ReadonlyMap<string, Watchlist>): Predicate {
  if ('all' in c) {
    const parts = c.all.map((x) => compile(x, lists));
    return (s) => parts.every((p) => p(s));
  }
  if ('any' in c) {
    const parts = c.any.map((x) => compile(x, lists));
    return (s) => parts.some((p) => p(s));
  }
  if ('not' in c) {
    const inner = compile(c.not, lists);
    return (s) => !inner(s);
  }
  if ('indicator' in c) {
    const { indicator, atLeast } = c;
    return (s) => (s.indicators.get(indicator) ?? 0) >= atLeast;
  }
  if ('watchlist' in c) {
    const list = lists.get(c.watchlist);
    // A rule naming a watchlist that does not exist matches nothing (validation refuses it when the rule is saved).
    if (!list) return () => false;
    const parties = new Set(list.entries.filter((e) => e.kind === 'party').map((e) => e.value));
    const ids = new Set(list.entries.filter((e) => e.kind === 'identifier').map((e) => e.value.toLowerCase()));
    const buyers = new Set(list.entries.filter((e) => e.kind === 'buyer').map((e) => e.value));
    return (s) =>
      s.party.some((p) => parties.has(p)) || s.identifier.some((i) => ids.has(i.toLowerCase())) || (s.buyer !== undefined && buyers.has(s.buyer));
  }
  const { field } = c;
  if ('in' in c) {
    // Words are compared without case; codes (HS, countries, services, party ids) exactly.
    if (field === 'descriptionWord') {
      // The consignment's words are folded already (subjectOf); fold the rule's once, here.
      const wanted = new Set(c.in.map(fold));
      return (s) => s.descriptionWord.some((v) => wanted.has(v));
    }
    const wanted = new Set(c.in);
    if (ruleFields[field] === 'number') {
      const numbers = c.in.map((x) => Fixed.of(x));
      return (s) => {
        const n = numberOf(s, field);
        return n !== undefined && numbers.some((x) => !n.lt(x) && !n.gt(x));
      };
    }
    return (s) => valuesOf(s, field).some((v) => wanted.has(v));
  }
  if ('prefix' in c) {
    const prefixes = c.prefix;
    return (s) => valuesOf(s, field).some((v) => prefixes.some((p) => v.startsWith(p)));
  }
  if ('exists' in c) {
    const want = c.exists;
    return (s) => (ruleFields[field] === 'number' ? numberOf(s, field) !== undefined : valuesOf(s, field).length > 0) === want;
  }
  const limit = Fixed.of(c.value);
  const op = c.op;
  return (s) => {
    const n = numberOf(s, field);
    if (n === undefined) return false;
    switch (op) {
      case 'lt':
        return n.lt(limit);
      case 'lte':
        return n.lte(limit);
      case 'gt':
        return n.gt(limit);
      case 'gte':
        return !n.lt(limit);
      case 'eq':
        return !n.lt(limit) && !n.gt(limit);
    }
  };
}

export interface CompiledRules {
  /** The rules in force on `day` whose condition the consignment meets. */
  match(subject: RiskSubject, day: string): RuleHit[];
  readonly size: number;
}

/** Compile the active rules once (a rule set changes rarely; consignments are many). */
export function compileRules(rules: readonly RiskRule[], watchlists: readonly Watchlist[]): CompiledRules {
  const lists = new Map(watchlists.map((w) => [w.id, w]));
  const compiled = rules
    .filter((r) => r.active)
    .map((r) => ({ rule: r, test: compile(r.when, lists) }));
  return {
    size: compiled.length,
    match(subject, day) {
      const hits: RuleHit[] = [];
      for (const { rule, test } of compiled) {
        if (!inForce(rule, day) || !test(subject)) continue;
        hits.push({
          ruleId: rule.id,
          version: rule.version,
          name: rule.name,
          weight: rule.then.weight ?? 0,
          ...(rule.then.lane ? { lane: rule.then.lane } : {}),
        });
      }
      return hits;
    },
  };
}

/** Problems that make a rule unusable, each with the JSON pointer of the offending part (for a 400). */
export function ruleProblems(rule: Pick<RiskRule, 'when' | 'then' | 'validFrom' | 'validUntil'>, watchlists: readonly string[]): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const walk = (c: Condition, path: string, depth: number) => {
    if (depth > 12) {
      out.push({ path, message: 'conditions nest at most 12 deep' });
      return;
    }
    if ('all' in c) c.all.forEach((x, i) => walk(x, `${path}/all/${i}`, depth + 1));
    else if ('any' in c) c.any.forEach((x, i) => walk(x, `${path}/any/${i}`, depth + 1));
    else if ('not' in c) walk(c.not, `${path}/not`, depth + 1);
    else if ('watchlist' in c) {
      if (!watchlists.includes(c.watchlist)) out.push({ path: `${path}/watchlist`, message: `no watchlist ${c.watchlist}` });
    } else if ('field' in c) {
      const kind = ruleFields[c.field];
      if ('op' in c && kind !== 'number') out.push({ path: `${path}/op`, message: `${c.field} is not a number: compare it with in or prefix` });
      if ('prefix' in c && kind === 'number') out.push({ path: `${path}/prefix`, message: `${c.field} is a number: compare it with op` });
      // compile reads a number field's `in` as numbers: a word there made every later compile of the rules throw.
      if ('in' in c && kind === 'number') {
        c.in.forEach((x, i) => {
          if (!/^-?[0-9]+(\.[0-9]+)?$/.test(x)) out.push({ path: `${path}/in/${i}`, message: `${c.field} is a number: ${x.slice(0, 50)} is not one` });
        });
      }
    }
  };
  walk(rule.when, '/when', 0);
  if (rule.then.weight === undefined && rule.then.lane === undefined) out.push({ path: '/then', message: 'a rule adds a weight, forces a lane, or both' });
  if (rule.validUntil !== undefined && rule.validUntil < rule.validFrom) out.push({ path: '/validUntil', message: 'ends before it starts' });
  return out;
}
