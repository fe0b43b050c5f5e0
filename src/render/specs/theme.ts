/**
 * One look for every chart: system fonts only (a report never fetches a font), quiet axes,
 * and colours that survive greyscale printing. Specs spread `config` into their top level.
 */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const COLORS = {
  variant: '#2563eb',
  baseline: '#9ca3af',
  ink: '#111827',
  muted: '#6b7280',
  significant: '#2563eb',
  notSignificant: '#9ca3af',
  zero: '#dc2626',
} as const;

/** Tableau 10, the categorical palette most readers already know. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

export const CHART_WIDTH = 720;

export const config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelColor: '#374151',
    titleColor: COLORS.ink,
    gridColor: '#eef0f3',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
    labelLimit: 220,
  },
  legend: {
    titleLimit: 400,
    labelLimit: 240,
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
    labelColor: '#374151',
    orient: 'bottom',
  },
} as const;
