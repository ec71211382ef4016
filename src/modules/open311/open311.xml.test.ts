import { describe, expect, it } from 'vitest';
import { parseForm } from './open311.routes.js';
import { escapeXml, toXml } from './open311.xml.js';

describe('XML writer', () => {
  it('writes nested objects, lists by their item names, and null as an empty element', () => {
    const xml = toXml('service_requests', [{ service_request_id: 'GS1', lat: 36.06, closed: false, notes: null }], { service_requests: 'request' });
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>GS1</service_request_id><lat>36.06</lat><closed>false</closed><notes/></request></service_requests>\n');
  });

  it('escapes markup and drops characters XML 1.0 cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('bell\u0007 nul\u0000 ok\tline\n')).toBe('bell nul ok\tline\n');
    expect(escapeXml('lone \uD800 surrogate, 𠀀 kept')).toBe('lone  surrogate, 𠀀 kept');
  });

  it('refuses element names that are not XML names and lists without an item name', () => {
    expect(() => toXml('ok', { 'attribute[kind]': 'x' }, {})).toThrow(/not an XML element name/);
    expect(() => toXml('things', [1], {})).toThrow(/no item element name/);
  });
});

describe('form bodies', () => {
  it('keeps single fields as text and repeated or [] fields as lists', () => {
    expect(parseForm('a=1&attribute%5Bkind%5D=dispute&attribute%5Bx%5D%5B%5D=p&b=%E7%94%B2&b=%E4%B9%99')).toEqual({ a: '1', 'attribute[kind]': 'dispute', 'attribute[x][]': ['p'], b: ['甲', '乙'] });
  });
});
