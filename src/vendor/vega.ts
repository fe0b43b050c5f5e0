/**
 * Vega and Vega-Lite, which the charts load on first use. `npm run build` replaces the compiled
 * file with one esbuild bundle of both: Node resolves and reads their ~100 ES modules one by one,
 * which cost a report about half a second of start-up (bench/README.md, "Report").
 */
export * as vega from 'vega';
export * as vegaLite from 'vega-lite';
