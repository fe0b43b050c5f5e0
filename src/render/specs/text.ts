/**
 * Text a spec shows outside its data (axis, legend and tooltip titles). Two ways such text breaks a
 * chart: Vega's parser looks some strings up in plain objects, so a title equal to an
 * Object.prototype member (`constructor`, `toString`, `valueOf`…) is taken for an operator; and
 * Vega-Lite copies titles into string literals of generated expressions (aria descriptions,
 * tooltips), where a raw U+2028/U+2029 ends the line. A member name gets a zero-width space
 * appended (it reads the same), and line and paragraph separators become spaces.
 */
export function specText(text: string): string {
  const oneLine = text.replace(/[\u2028\u2029]/g, ' ');
  return oneLine in Object.prototype ? `${oneLine}\u200b` : oneLine;
}
