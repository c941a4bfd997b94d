import type { BundleItemKind, BundleRule } from '../../shared/api';
import { decidingRule } from './bundleRules';
import { prefixedName } from './naming';

// Which tools (or prompts) a bundle exposes under which names, given every member's current list.
//
// Names, in this order of claim:
//   1. a rename (`as`) claims its name;
//   2. an item whose original name is unique among the bundle's chosen items, and not claimed by a
//      rename, keeps it;
//   3. everything else is `SERVER__NAME` (as on the aggregate endpoint), with `_2`, `_3`, ... in
//      the pathological case that this, too, is taken.
// So a rename never shadows anything: a tool that turns up later under a renamed name gets the
// prefixed form. Saving a rename that collides right now is refused (see renameCollisions).

export interface NamedItem {
  name: string;
  description?: string;
}

export interface MemberList<T> {
  server: string;
  items: readonly T[];
}

export interface ExposedEntry<T> {
  server: string;
  /** The name the server knows. */
  original: string;
  /** The item as clients see it (name and maybe description changed). */
  item: T;
  renamed: boolean;
}

interface Chosen<T> {
  server: string;
  item: T;
  rule: BundleRule;
}

function choose<T extends NamedItem>(rules: readonly BundleRule[], kind: BundleItemKind, members: ReadonlyArray<MemberList<T>>): Array<Chosen<T>> {
  const chosen: Array<Chosen<T>> = [];
  for (const member of members) {
    for (const item of member.items) {
      const rule = decidingRule(rules, kind, member.server, item.name);
      if (rule?.action === 'include') chosen.push({ server: member.server, item, rule });
    }
  }
  return chosen;
}

function assignNames<T extends NamedItem>(chosen: ReadonlyArray<Chosen<T>>, useRenames: boolean): string[] {
  const names: Array<string | undefined> = new Array<string | undefined>(chosen.length).fill(undefined);
  const taken = new Set<string>();
  if (useRenames) {
    chosen.forEach((entry, index) => {
      const wanted = entry.rule.as;
      if (wanted !== undefined && !taken.has(wanted)) {
        names[index] = wanted;
        taken.add(wanted);
      }
    });
  }
  const counts = new Map<string, number>();
  chosen.forEach((entry, index) => {
    if (names[index] === undefined) counts.set(entry.item.name, (counts.get(entry.item.name) ?? 0) + 1);
  });
  chosen.forEach((entry, index) => {
    const original = entry.item.name;
    if (names[index] === undefined && counts.get(original) === 1 && !taken.has(original)) {
      names[index] = original;
      taken.add(original);
    }
  });
  return chosen.map((entry, index) => {
    const given = names[index];
    if (given !== undefined) return given;
    let candidate = prefixedName(entry.server, entry.item.name);
    for (let n = 2; taken.has(candidate); n += 1) candidate = prefixedName(entry.server, `${entry.item.name}_${n}`);
    taken.add(candidate);
    return candidate;
  });
}

/** Every item the bundle exposes, in member order, with its exposed name. */
export function exposeItems<T extends NamedItem>(rules: readonly BundleRule[], kind: 'tool' | 'prompt', members: ReadonlyArray<MemberList<T>>): Array<ExposedEntry<T>> {
  const chosen = choose(rules, kind, members);
  const names = assignNames(chosen, true);
  return chosen.map((entry, index) => {
    const name = names[index]!;
    const description = entry.rule.description ?? entry.item.description;
    const item = { ...entry.item, name, ...(description === undefined ? {} : { description }) };
    return { server: entry.server, original: entry.item.name, item, renamed: entry.rule.as !== undefined && name === entry.rule.as };
  });
}

export interface RenameCollision {
  /** The contested name. */
  name: string;
  /** `SERVER/NAME` of the renamed item. */
  renamed: string;
  /** `SERVER/NAME` of the item that has (or also wants) this name. */
  other: string;
}

/**
 * Renames that collide with another exposed name right now: another rename to the same name, or an
 * item that would show under that name were the rename not there.
 */
export function renameCollisions<T extends NamedItem>(rules: readonly BundleRule[], kind: 'tool' | 'prompt', members: ReadonlyArray<MemberList<T>>): RenameCollision[] {
  const chosen = choose(rules, kind, members);
  const natural = assignNames(chosen, false);
  const collisions: RenameCollision[] = [];
  chosen.forEach((entry, index) => {
    const wanted = entry.rule.as;
    if (wanted === undefined || wanted === entry.item.name) return;
    chosen.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      if (other.rule.as === wanted || (other.rule.as === undefined && natural[otherIndex] === wanted)) {
        const alreadyReported = other.rule.as === wanted && otherIndex < index;
        if (!alreadyReported) collisions.push({ name: wanted, renamed: `${entry.server}/${entry.item.name}`, other: `${other.server}/${other.item.name}` });
      }
    });
  });
  return collisions;
}

/** Static check of renames without any server's list: two exact rules of one kind giving the same name. */
export function duplicateRenames(rules: readonly BundleRule[]): RenameCollision[] {
  const seen = new Map<string, string>();
  const collisions: RenameCollision[] = [];
  for (const rule of rules) {
    if (rule.as === undefined || rule.action !== 'include') continue;
    const key = `${rule.kind}:${rule.as}`;
    const previous = seen.get(key);
    if (previous !== undefined) collisions.push({ name: rule.as, renamed: rule.pattern, other: previous });
    else seen.set(key, rule.pattern);
  }
  return collisions;
}
