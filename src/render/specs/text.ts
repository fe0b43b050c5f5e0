/**
 * Text a spec shows outside its data (axis, legend and tooltip titles). Two ways such text breaks a
 * chart: Vega's parser looks some strings up in plain objects, so a title equal to an
 * Object.prototype member (`constructor`, `toString`, `valueOf`…) is taken for an operator; and
 * Vega-Lite copies titles into string literals of generated expressions (aria descriptions,
 * tooltip keys) without escaping them all: a line break ends the literal and a trailing backslash
 * escapes its closing quote. A member name gets a zero-width space appended (it reads the same),
 * line breaks become spaces and a backslash becomes its look-alike ⧵ (U+29F5).
 */
export function specText(text: string): string {
  const oneLine = text.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/\\/g, '\u29f5');
  return oneLine in Object.prototype ? `${oneLine}\u200b` : oneLine;
}
