/**
 * Names that have broken, or could break, code that takes a run, group or column name as an object
 * key (Object.prototype members), as HTML, or into a chart expression — shared by the fuzz and
 * hostile-name tests so a new case reaches all of them.
 */
export const HOSTILE_NAMES: readonly string[] = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'prototype',
  'a\u2028b',
  'c\u2029d',
  '<script>alert(1)</script>',
  '<b>"x"</b>',
  '"q"',
  "it's",
  '{{x}}',
  '${x}',
  'datum.x',
];
