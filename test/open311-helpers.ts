// Open311 contract-test helpers: the shared GeoReport v2 JSON Schemas (copied into
// test/fixtures/open311) compiled with Ajv, and a minimal XML reader that checks nesting.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const fixtures = path.resolve(import.meta.dirname, 'fixtures', 'open311');

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
for (const name of ['request.json', 'service.json', 'service-definition.json']) ajv.addSchema(load(name), name);

export const schemas: Record<'services' | 'serviceDefinition' | 'requests', ValidateFunction> = {
  services: ajv.compile(load('services.json')),
  serviceDefinition: ajv.compile(load('service-definition.json')),
  requests: ajv.compile(load('requests.json')),
};

/** Validates and returns the errors as text (empty when valid), for expect(...).toBe(''). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses the subset of XML the writer produces (declaration, elements, text); throws on bad nesting. */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>/, '').trim();
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token = /<\/([A-Za-z_][\w.-]*)>|<([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const top = stack.at(-1);
    if (!top) throw new Error('unbalanced XML');
    if (m[1]) {
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2]) {
      const el: XmlElement = { name: m[2], children: [], text: '' };
      top.children.push(el);
      if (m[3] !== '/') stack.push(el);
    } else if (m[4]) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[4])) throw new Error(`unescaped & in ${JSON.stringify(m[4])}`);
      top.text += m[4].replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');
    }
  }
  if (consumed !== body.length) throw new Error(`unparsed XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('XML must have exactly one root element');
  const [doc] = root.children;
  if (!doc) throw new Error('no root element');
  return doc;
}

/** A list element's items as flat objects of text (nested elements are left out). */
export function xmlItems(el: XmlElement): Array<Record<string, string>> {
  return el.children.map((item) => Object.fromEntries(item.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text])));
}

/** The JSON value as XML text: null → '', numbers and booleans as String(). */
export function asXmlText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
