/**
 * Text sniffing before a table is parsed: what the bytes are (UTF-8 text, UTF-16, binary), which
 * line endings and delimiter a delimited file uses, and how deeply a JSON document nests. Every
 * refusal is one DataError naming what the file is and what to do, never parser output echoing the
 * raw bytes.
 */
import { DataError } from '../errors.js';

/** Deeper JSON than this is not a run table; the check runs before JSON.parse and flattening recurse. */
export const MAX_JSON_DEPTH = 64;

/**
 * Bytes → text: strips nothing, but refuses UTF-16 (by BOM, or by NUL bytes in every other
 * position), binary data (control bytes that no text table holds), and bytes that are not UTF-8.
 * Old Mac line endings (CR only) become LF, so the parsers see lines.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksUtf16(bytes))
    throw new DataError('the file is UTF-16 text; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)', { file });
  const binary = firstBinaryByte(bytes);
  if (binary >= 0) throw new DataError(`not a text table (binary data at byte ${binary})`, { file });
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new DataError(`not UTF-8 text (invalid byte at byte ${bad}); save the file as UTF-8`, { file });
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.includes('\r') && !text.includes('\n') ? text.replace(/\r/g, '\n') : text;
}

/** Half or more of the first bytes' odd (or even) positions are NUL: UTF-16 without a BOM. */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) >= n / 4 && Math.min(even, odd) === 0;
}

/** Offset of the first C0 control byte other than tab, LF, FF and CR (or DEL); -1 if none. */
function firstBinaryByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return i;
  }
  return -1;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF); -1 if none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The delimiter of a comma-separated file: `;` when the header line holds more semicolons than
 * commas (spreadsheets in locales whose decimal mark is a comma write these), else `,`.
 */
export function sniffCsvDelimiter(text: string): ',' | ';' {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Throws a DataError at the first bracket nested deeper than MAX_JSON_DEPTH (strings skipped),
 * so neither JSON.parse nor the recursive flattening meets a 50,000-level document.
 * `line` offsets the reported line (JSON Lines check one line at a time).
 */
export function assertJsonDepth(text: string, file: string, line = 1): void {
  const at = deepBracket(text);
  if (at < 0) return;
  const before = text.slice(0, at);
  throw new DataError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels; a run table holds flat records`, {
    file,
    line: line + (before.match(/\n/g)?.length ?? 0),
    column: at - before.lastIndexOf('\n'),
  });
}

/** Offset of the first bracket nested deeper than MAX_JSON_DEPTH outside strings; -1 if none. */
export function deepBracket(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return -1;
}

/** A parser's message as one printable line of bounded length (it may quote the offending input). */
export function oneLine(message: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
  const flat = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
