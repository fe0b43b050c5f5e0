/**
 * zod, for the config validators. `npm run build` replaces the compiled file with one esbuild
 * bundle: zod 4 is ~80 ES modules, whose resolution cost each config-reading command ~0.1 s.
 */
export { z } from 'zod';
