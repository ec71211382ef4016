// A small XML writer for GeoReport v2 documents: objects become elements named by their keys,
// arrays repeat the element name their parent's list calls for (`services` → `service`), null is an
// empty element. Text is escaped, and characters XML 1.0 cannot carry are dropped.

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Everything XML 1.0 allows: tab, LF, CR, and the ranges below (lone surrogates are not characters).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function element(name: string, value: unknown, itemNames: Readonly<Record<string, string>>, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element name for the list <${name}>`);
    out.push(`<${name}>`);
    for (const v of value) element(item, v, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`<${name}>: cannot write a ${typeof value}`);
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** A whole document: the declaration and one root element. */
export function toXml(root: string, value: unknown, itemNames: Readonly<Record<string, string>>): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(root, value, itemNames, out);
  return `${out.join('')}\n`;
}
