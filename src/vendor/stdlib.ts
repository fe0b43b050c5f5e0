/**
 * The special functions kdlab takes from stdlib. `npm run build` replaces the compiled file with one
 * esbuild bundle: each stdlib function is a tree of dozens of tiny CommonJS packages, and resolving
 * them cost every command that touches statistics ~0.2 s of start-up (bench/README.md, "Report").
 */
export { default as betainc } from '@stdlib/math-base-special-betainc';
export { default as erfc } from '@stdlib/math-base-special-erfc';
export { default as erfcinv } from '@stdlib/math-base-special-erfcinv';
export { default as gammaln } from '@stdlib/math-base-special-gammaln';
export { default as tQuantile } from '@stdlib/stats-base-dists-t-quantile';
