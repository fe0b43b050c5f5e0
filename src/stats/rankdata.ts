/**
 * Average ranks (1-based) with ties sharing the mean of their positions, like
 * `scipy.stats.rankdata(x)`; also returns the tie-group sizes. Complexity O(n log n).
 */
export function rankdata(x: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i) // Comparisons, not x[i] − x[j]: Infinity − Infinity is NaN.
    .sort((i, j) => (x[i] < x[j] ? -1 : x[i] > x[j] ? 1 : 0));
  const ranks = new Array<number>(n);
  const tieSizes: number[] = [];
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}
