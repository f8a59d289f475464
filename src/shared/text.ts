/** Text rules every layer uses (kernel: imports nothing of the project). */

/**
 * Length in characters (code points), as varchar counts: rare CJK characters of names and places
 * (Extension B and beyond) are two UTF-16 units, and `.length` would refuse them too early.
 */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Characters no text input may carry, in any field (names, addresses, reasons, notes, external
 * ids, URLs, labels, filters, JSON values and keys):
 * - C0 controls U+0000–U+001F except tab, line feed and carriage return (PostgreSQL refuses
 *   U+0000 in text, and the others are never typed by a person: they come from broken exports
 *   or from someone probing);
 * - DEL U+007F and the C1 controls U+0080–U+009F (the same, from mis-decoded Latin-1 or Windows
 *   code pages);
 * - lone UTF-16 surrogates (U+D800–U+DFFF not in a pair): they are not characters, and
 *   encoding them to UTF-8 would silently store U+FFFD instead of what was sent.
 * Tab and line breaks stay allowed everywhere (notes and findings have several lines); whether a
 * single-line field should refuse line breaks is left to the field's own validation.
 * Characters outside the Basic Multilingual Plane (rare CJK name characters) are fine.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's whole point
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;


/** The first refused character of `s`, or null. */
export function refusedCharacter(s: string): { position: number; char: string } | null {
  const m = REFUSED.exec(s);
  if (!m) return null;
  const position = [...s.slice(0, m.index)].length + 1;
  return { position, char: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

