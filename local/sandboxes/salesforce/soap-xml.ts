/**
 * Just enough XML for SOAP envelopes: elements, attributes, text, CDATA, comments and the XML declaration. Names
 * keep their prefix; lookups go by local name, because clients choose their own prefixes (jsforce sends a default
 * namespace, SOAP UI and the Salesforce samples `urn:`). A DOCTYPE is refused: SOAP 1.1 forbids one.
 */

/** One element. `text` is its own character data, trimmed; `nil` is true for `xsi:nil="true"`. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  nil: boolean;
}

/** The request body is not well-formed XML (or not XML the sandbox reads). */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const decoded = ENTITIES[name];
    if (decoded === undefined) throw new XmlSyntaxError(`unknown entity ${whole}`);
    return decoded;
  });
}

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The name without its namespace prefix: `soapenv:Body` → `Body`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

// One token per match, in order: comment, declaration or processing instruction, CDATA, DOCTYPE, end tag, start
// (or empty-element) tag, character data.
const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|(<!DOCTYPE)|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of source.matchAll(ATTRIBUTE)) attributes[m[1] ?? ''] = decodeEntities(m[2] ?? m[3] ?? '');
  return attributes;
}

function element(name: string, attributeSource: string): XmlElement {
  const attributes = attributesOf(attributeSource);
  const nil = Object.entries(attributes).some(([key, value]) => localName(key) === 'nil' && value === 'true');
  return { name, attributes, children: [], text: '', nil };
}

/** Parses a document into its root element. @throws XmlSyntaxError when it is not well formed. */
export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new XmlSyntaxError(`unexpected markup at offset ${at}`);
    const [, cdata, doctype, endName, startName, attributeSource = '', selfClosing, text] = m;
    const open = stack.at(-1);
    if (doctype) throw new XmlSyntaxError('a DOCTYPE is not allowed in a SOAP message');
    if (cdata !== undefined || text !== undefined) {
      const chars = cdata ?? decodeEntities(text ?? '');
      if (open) open.text += chars;
      else if (chars.trim() !== '') throw new XmlSyntaxError(`text outside the root element at offset ${at}`);
    } else if (endName) {
      if (open?.name !== endName) throw new XmlSyntaxError(`</${endName}> does not close <${open?.name ?? 'nothing'}> at offset ${at}`);
      stack.pop();
      open.text = open.text.trim();
    } else if (startName) {
      const el = element(startName, attributeSource);
      if (open) open.children.push(el);
      else if (root) throw new XmlSyntaxError(`a second root element <${startName}> at offset ${at}`);
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (!root) throw new XmlSyntaxError('the document has no root element');
  if (stack.length > 0) throw new XmlSyntaxError(`<${stack.at(-1)?.name ?? ''}> is never closed`);
  return root;
}

/** The first child with this local name. */
export function childOf(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => localName(c.name) === name);
}

/** Every child with this local name, in document order. */
export function childrenOf(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => localName(c.name) === name) ?? [];
}

/** A child's text, or undefined when it is absent, nil or empty. */
export function textOf(el: XmlElement | undefined, name: string): string | undefined {
  const c = childOf(el, name);
  return c && !c.nil && c.text !== '' ? c.text : undefined;
}
