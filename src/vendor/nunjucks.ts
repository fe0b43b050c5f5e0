/**
 * nunjucks, for the HTML report. `npm run build` replaces the compiled file with one esbuild bundle
 * (its ~20 CommonJS files and their dependencies in one read). `chokidar`, which nunjucks loads only
 * to watch templates (never here), stays outside the bundle.
 */
import nunjucks from 'nunjucks';

export default nunjucks;
