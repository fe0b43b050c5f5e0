export * from './run.js';
export * from './metric.js';
export * from './sweep.js';
export * from './loss-variant.js';
export * from './param-name.js';
