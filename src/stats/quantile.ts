/**
 * Quantile of sorted data with linear interpolation between order statistics (numpy's default
 * `method='linear'`, pandas' `interpolation='linear'`, R type 7): h = (n−1)q,
 * Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), evaluated as numpy's `_lerp` does (from the
 * upper neighbour when the weight is ≥ ½) so results agree to the last bit.
 * Complexity: O(1) on sorted input.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  // Neighbours of opposite sign near the float limits: b − a overflows, their weighted sum does not.
  if (!Number.isFinite(diff) && Number.isFinite(a) && Number.isFinite(b)) return a * (1 - t) + b * t;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
