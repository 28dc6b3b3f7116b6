import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element of a parsed document. Names keep their prefix; `text` is the element's own character data, untrimmed. */
export interface XmlNode {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlNode[];
  text: string;
  /** `xsi:nil="true"` (any prefix). */
  nil: boolean;
}

/** The body is not XML Syncline reads. The message says where and why. */
export class XmlRefusal extends Error {
  override readonly name = 'XmlRefusal';
}

/**
 * Entity handling is ours, not the library's: fast-xml-parser runs with `processEntities: false`, so no DOCTYPE
 * entity can ever expand (no billion-laughs, no external entities), and this decoder knows only XML's five
 * predefined entities and character references to characters XML 1.0 allows. Anything else is refused.
 */
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function allowedCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Decodes the predefined entities and character references. @throws XmlRefusal for any other entity. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlRefusal(`a bare '&' (${JSON.stringify(whole.slice(0, 14))}) is not allowed in XML text`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const ref = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    const cp = ref ? (ref[1] !== undefined ? parseInt(ref[1], 16) : parseInt(ref[2] ?? '', 10)) : NaN;
    if (!ref || !allowedCodePoint(cp)) throw new XmlRefusal(`the entity ${whole} is not allowed: only &lt; &gt; &amp; &quot; &apos; and references to XML characters are`);
    return String.fromCodePoint(cp);
  });
}

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

function toNode(raw: OrderedNode): XmlNode | string | undefined {
  if (typeof raw['#text'] === 'string') return decodeXmlText(raw['#text']);
  const cdata = raw['#cdata'];
  if (Array.isArray(cdata)) return cdata.map((c: OrderedNode) => String(c['#text'] ?? '')).join('');
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (name === undefined) return undefined;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries((raw[':@'] as Record<string, unknown> | undefined) ?? {})) attributes[key] = decodeXmlText(String(value));
  const node: XmlNode = { name, attributes, children: [], text: '', nil: Object.entries(attributes).some(([k, v]) => localName(k) === 'nil' && v === 'true') };
  for (const child of (raw[name] as OrderedNode[] | undefined) ?? []) {
    const converted = toNode(child);
    if (typeof converted === 'string') node.text += converted;
    else if (converted) node.children.push(converted);
  }
  return node;
}

/**
 * Parses a document into its root element.
 * A DOCTYPE (and so any entity declaration) is refused outright: SOAP 1.1 forbids one, and it is how entity-expansion
 * and external-entity attacks start. fast-xml-parser's own parser is lenient, so its validator runs first.
 * @throws XmlRefusal naming what is wrong.
 */
export function parseXmlDocument(source: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) throw new XmlRefusal('a DOCTYPE or ENTITY declaration is not allowed in a SOAP message');
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new XmlRefusal(`the body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let ordered: OrderedNode[];
  try {
    ordered = PARSER.parse(source) as OrderedNode[];
  } catch (error) {
    throw new XmlRefusal(`the body could not be parsed as XML: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
  const roots: XmlNode[] = [];
  for (const raw of ordered) {
    const node = toNode(raw);
    if (typeof node === 'string') {
      if (node.trim() !== '') throw new XmlRefusal('the body has text outside its root element');
    } else if (node) roots.push(node);
  }
  if (roots.length !== 1) throw new XmlRefusal(`the body must have exactly one root element, found ${roots.length}`);
  return roots[0] as XmlNode;
}

/** The name without its namespace prefix: `soapenv:Body` → `Body`. Senders choose their own prefixes. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Every child with this local name, in document order. */
export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => localName(c.name) === name) ?? [];
}

/** The only child with this local name; undefined when there is none or more than one. */
export function onlyChild(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const found = childrenNamed(node, name);
  return found.length === 1 ? found[0] : undefined;
}
