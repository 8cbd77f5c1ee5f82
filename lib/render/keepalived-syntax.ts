// How admin-supplied strings are written into keepalived.conf so that none can open or close a block,
// start a comment, substitute a parameter or run anything (keepalived 2.2.7 lib/parser.c):
// - decomment(): outside "..." an unescaped ! or # starts a comment; a trailing \ continues the line.
// - read_line(): $NAME / ${NAME} is replaced anywhere on the line (_PWD, _INSTANCE, _RANDOM always exist);
//   a { or } outside "..." splits the line; the scan for the closing " ignores backslashes.
// - alloc_strvec(): "..." is one word, with no escapes at all (path, virtualhost).
// - alloc_strvec_quoted_escaped() (regex, misc_path only): "..." with \NNN, \xHH, \\ and other escapes.

/** A word for ordinary keywords: the schemas only let through characters that are safe in "...". */
export function kaWord(value: string): string {
  if (/["\\\n\r]/.test(value)) throw new Error(`unsafe keepalived value: ${JSON.stringify(value)}`);
  // $ is percent-encoded in URL paths by the caller; anything else reaching here must not contain it.
  if (value.includes('$')) throw new Error(`unsafe keepalived value ($): ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/**
 * A string for the escape-aware keywords (regex, misc_path): every byte outside a small safe set is
 * written as a three-digit octal escape (\NNN), so the line holds no quote, brace, comment, dollar or
 * backslash of the admin's own. (Not \xHH: keepalived's \x reads every hex digit that follows.)
 */
const SAFE_ESCAPED = /^[A-Za-z0-9 _.,:;/@%&=+*?^|()[\]<>~-]*$/;

export function kaEscaped(value: string): string {
  if (SAFE_ESCAPED.test(value)) return `"${value}"`;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9 _.,:;/@%&=+*?^|()[\]<>~-]/.test(c) && byte < 0x80 ? c : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `"${out}"`;
}

/** PCRE2 pattern that finds the admin's literal text anywhere in the body (as ldirectord's receive does). */
export function literalRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}#/-]/g, (c) => `\\${c}`);
}

/** Comments carry labels for people reading the file; labels are a safe set already. */
export function kaComment(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}
