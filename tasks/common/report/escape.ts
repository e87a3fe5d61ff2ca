/**
 * Escaping shared by every report writer. Names in reports come from the organization (pool names, group names,
 * token names) and are attacker-controlled: they must not break a table, inject HTML, start a spreadsheet formula
 * or smuggle an Azure Pipelines logging command (`##vso[…]`, `##[…]`) into a log that prints the report.
 */

/** What the agent scans for: `##vso[` anywhere in a line and `##[` formatting commands (case-insensitive). */
const LOGGING_COMMAND = /##(?=vso\[|\[)/gi;

/** Zero-width space: splits `##` so the agent no longer sees a command, while the text reads the same. */
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Breaks every `##vso[` and `##[` so no line can carry a logging command. `replacement` stands for the two hashes:
 * plain text gets `#` + zero-width space + `#`; formats with their own escapes pass a lossless one
 * (JSON `#\u0023`, XML/HTML `#&#35;`).
 */
export function neutraliseLoggingCommands(text: string, replacement = `#${ZERO_WIDTH_SPACE}#`): string {
  return text.replace(LOGGING_COMMAND, replacement);
}

/** C0/C1 controls, and bidirectional overrides that can make a name display as something else. */
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Replaces line breaks and tabs with a space and removes other control and bidi-override characters. */
export function toSingleLine(text: string): string {
  return text.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ').replace(CONTROL_OR_BIDI, '');
}

/** Like {@link CONTROL_OR_BIDI} but keeping tab, line feed and carriage return. */
const CONTROL_OR_BIDI_BUT_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Removes control characters (terminal escape sequences start with one: the pipeline log renders ANSI colours) and
 * bidi overrides, keeping line breaks and tabs for a writer that escapes them itself.
 */
export function stripControls(text: string): string {
  return text.replace(CONTROL_OR_BIDI_BUT_BREAKS, '');
}

/**
 * One line of plain log output: line breaks become spaces (a name cannot start a forged log line), control
 * characters go, and logging commands are broken.
 */
export function toLogLine(text: string): string {
  return neutraliseLoggingCommands(toSingleLine(text));
}

/** Shortens to `maxLength` code points (never splitting a surrogate pair), ending with `…` when cut. */
export function truncate(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return `${codePoints.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markdown punctuation that could start emphasis, links, code, images, headings or strike-through inline. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#!~|$]/g;

/**
 * Makes any value safe inside one GitHub-flavoured markdown table cell: one line, HTML escaped as entities,
 * markdown punctuation (including `|`) backslash-escaped, no logging command, at most `maxLength` characters.
 */
export function escapeMarkdownCell(value: unknown, maxLength = 160): string {
  const text = truncate(toSingleLine(stringify(value)), maxLength);
  // Backslashes first: the entities added next contain no character that needs one.
  const escaped = text.replace(MARKDOWN_PUNCTUATION, '\\$&').replace(/[&<>"]/g, (char) => HTML_ENTITIES[char]);
  return neutraliseLoggingCommands(escaped, '#&#35;');
}

/** Characters XML 1.0 forbids even as references (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters XML cannot hold with a visible `\uXXXX` so nothing is silently lost. */
export function replaceXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * Every character one of the XML escapes below would change (a superset: `#` for `##vso[`): text without any is
 * returned as it is, which is most names and messages, and skips six passes over the text.
 */
const XML_ATTRIBUTE_TOUCHES = /[\u0000-\u001F&<>"'#\uD800-\uDFFF\uFFFE\uFFFF]/;
/** The same for CDATA, where tabs and line feeds stay as they are. */
const XML_CDATA_TOUCHES = /[\u0000-\u0008\u000B-\u001F#\]\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Escapes text for an XML attribute value (quotes, and line breaks/tabs kept as character references). */
export function escapeXmlAttribute(value: unknown): string {
  const text = stringify(value);
  if (!XML_ATTRIBUTE_TOUCHES.test(text)) return text;
  const escaped = replaceXmlInvalid(text)
    .replace(/[&<>"']/g, (char) => HTML_ENTITIES[char])
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
  return neutraliseLoggingCommands(escaped, '#&#35;');
}

/** Escapes text for XML element content. */
export function escapeXmlText(value: unknown): string {
  const text = stringify(value);
  if (!XML_ATTRIBUTE_TOUCHES.test(text)) return text;
  const escaped = replaceXmlInvalid(text)
    .replace(/[&<>]/g, (char) => HTML_ENTITIES[char])
    .replace(/\r/g, '&#13;');
  return neutraliseLoggingCommands(escaped, '#&#35;');
}

/**
 * Wraps text in CDATA. `]]>` would end the section early, so it is split across two sections; `##vso[` is split
 * the same way with the second `#` as a character reference, which keeps the parsed text identical.
 */
export function xmlCdata(value: unknown): string {
  const raw = stringify(value);
  if (!XML_CDATA_TOUCHES.test(raw)) return `<![CDATA[${raw}]]>`;
  const text = replaceXmlInvalid(raw).replace(/\r/g, '');
  const body = neutraliseLoggingCommands(text.replace(/]]>/g, ']]]]><![CDATA[>'), '#]]>&#35;<![CDATA[');
  return `<![CDATA[${body}]]>`;
}

/** First characters that make a spreadsheet treat a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 CSV field: formula starts neutralised with a leading `'`, logging commands broken, and the field
 * quoted (quotes doubled) when it holds a comma, quote or line break.
 */
export function escapeCsvField(value: unknown): string {
  let text = neutraliseLoggingCommands(stringify(value));
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** JSON text whose string values cannot carry a logging command (`#\u0023` decodes back to `##`). */
export function toSafeJson(value: unknown): string {
  return neutraliseLoggingCommands(JSON.stringify(value, null, 2), '#\\u0023');
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
