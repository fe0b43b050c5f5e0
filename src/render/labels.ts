/**
 * Short, unique chart labels for long group names. A chart axis that cuts every name at the same
 * width ("SkipEncoder3_Classifier − SkipEnco…" three times) leaves the reader guessing; instead:
 *   1. names that all fit stay as they are;
 *   2. name parts every name shares (whole segments ending at `_ - / : = , ` or a space) are elided
 *      with "…", so "SkipEncoder3_Classifier" reads "SkipEncoder3…";
 *   3. what is still too long keeps its head and tail around a "…";
 *   4. labels that would still collide fall back to their full names: longer beats ambiguous.
 * Pure; the charts carry the full name as data for their tooltips, and the spec lists the shortened
 * labels' full names for the static SVG's hover titles (fullNamesOf).
 */

const ELLIPSIS = '…';

/** Label width in characters the charts' axes hold without cutting (12 px labels, ~300 px). */
export const LABEL_CHARS = 32;

/**
 * A chart's title for the group axis: the group column, without a `--group-pattern` regex (the
 * results carry "sweep ~ ^(a|b)$" for `kdlab rerun` and experiments; a reader wants "sweep").
 */
export function groupAxisTitle(group: string): string {
  const at = group.indexOf(' ~ ');
  return at < 0 ? group : group.slice(0, at);
}

/** Each name → its label, unique among `names`. */
export function abbreviateLabels(names: readonly string[], max: number = LABEL_CHARS): Map<string, string> {
  const unique = [...new Set(names)];
  const out = new Map(unique.map((name) => [name, name]));
  if (unique.every((name) => [...name].length <= max)) return out;
  const elided = elideShared(unique);
  for (const [i, name] of unique.entries()) out.set(name, shorten(elided[i], max));
  // Collisions (names differing only in what was cut) keep their full names.
  const seen = new Map<string, number>();
  for (const label of out.values()) seen.set(label, (seen.get(label) ?? 0) + 1);
  for (const [name, label] of out) if ((seen.get(label) ?? 0) > 1) out.set(name, name);
  return out;
}

/** Splits after each separator: "a_b-c" → ["a_", "b-", "c"]. */
function segments(name: string): string[] {
  return name.match(/[^_\-/:=, ]+[_\-/:=, ]*|[_\-/:=, ]+/g) ?? [name];
}

/** Drops the leading and trailing segments every name shares, marking each cut with "…". */
function elideShared(names: readonly string[]): string[] {
  if (names.length < 2) return [...names];
  const parts = names.map(segments);
  const shortest = Math.min(...parts.map((p) => p.length));
  let head = 0;
  while (head < shortest - 1 && parts.every((p) => p[head] === parts[0][head])) head++;
  let tail = 0;
  while (head + tail < shortest - 1 && parts.every((p) => p[p.length - 1 - tail] === parts[0][parts[0].length - 1 - tail])) tail++;
  return parts.map((p) => {
    const middle = p.slice(head, p.length - tail).join('');
    // Separators at the cut add nothing once the "…" stands there.
    const core = middle.replace(tail > 0 ? /[_\-/:=, ]+$/ : /$^/, '').replace(head > 0 ? /^[_\-/:=, ]+/ : /$^/, '');
    if (core === '') return p.join('');
    return (head > 0 ? ELLIPSIS : '') + core + (tail > 0 ? ELLIPSIS : '');
  });
}

/** Head and tail of a long label around a "…" (by code point, so no surrogate is split). */
function shorten(label: string, max: number): string {
  const chars = [...label];
  if (chars.length <= max) return label;
  const keep = Math.max(2, max - 1);
  const front = Math.ceil(keep / 2);
  return chars.slice(0, front).join('') + ELLIPSIS + chars.slice(chars.length - (keep - front)).join('');
}

/**
 * Where a spec carries its shortened labels' full names: `usermeta.fullNames`, a list of
 * [label, full name] pairs (a list, not an object: a name such as `__proto__` is no safe key).
 * renderSvg gives each such label a `<title>` with the full name, which a browser shows on hover.
 */
export type FullNames = readonly (readonly [label: string, full: string])[];

/** The [label, full name] pairs of the labels that were actually shortened. */
export function fullNamesOf(labels: Iterable<readonly [full: string, label: string]>): FullNames {
  return [...labels].filter(([full, label]) => label !== full).map(([full, label]) => [label, full] as const);
}

/** A spec's `usermeta.fullNames`, checked (specs are plain JSON); [] when it has none. */
export function fullNamesInSpec(spec: unknown): FullNames {
  const list = (spec as { usermeta?: { fullNames?: unknown } } | undefined)?.usermeta?.fullNames;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is [string, string] => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string',
  );
}
