import type { Router, SandboxRequest, SandboxResponse } from '../../kit/index.ts';
import type { SalesforceContext } from '../context.ts';
import { convertLead, type LeadConvertRequest, type LeadConvertResult } from '../lead-convert.ts';
import { XmlSyntaxError, childOf, childrenOf, escapeXml, localName, parseXml, textOf, type XmlElement } from '../soap-xml.ts';

/** The partner WSDL's endpoint (vendor-apis §1.9); `/services/Soap/c/` (enterprise) is not emulated. */
const PARTNER = '/services/Soap/u/:version(\\d+\\.\\d+)';

const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

function xmlResponse(status: number, body: string): SandboxResponse {
  return { status, rawBody: `<?xml version="1.0" encoding="UTF-8"?>${body}`, headers: { 'Content-Type': 'text/xml;charset=UTF-8' } };
}

/**
 * A SOAP fault. Salesforce answers every fault with HTTP 500 and `sf:<EXCEPTION_CODE>` in `faultcode`; jsforce reads
 * `faultcode`/`faultstring` and refreshes its session on `sf:INVALID_SESSION_ID` (vendor-apis §1.9). The `detail`
 * block follows captured responses [T]. Envelope and Body carry prefixes: jsforce looks them up as `*:Envelope`, `*:Body`.
 */
export function soapFault(faultcode: string, faultstring: string, status = 500): SandboxResponse {
  const [prefix, code = ''] = faultcode.split(':');
  const detail =
    prefix === 'sf'
      ? `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${escapeXml(code)}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(faultstring.replace(/^[A-Z_]+: /, ''))}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>`
      : '';
  return xmlResponse(
    status,
    `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="${XSI_NS}"><soapenv:Body><soapenv:Fault>` +
      `<faultcode>${escapeXml(faultcode)}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  );
}

const INVALID_SESSION = ['sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session'] as const; // faultstring [T]
const LIMIT_EXCEEDED = ['sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.'] as const; // [?] for SOAP

/**
 * Routing errors and `status` faults on SOAP paths, as faults rather than REST's JSON arrays, with the status asked
 * for (a real org would answer 500). Codes beyond INVALID_SESSION_ID are [?].
 */
export function soapFaultForStatus(status: number, message: string): SandboxResponse {
  if (status === 401) return soapFault(...INVALID_SESSION, status);
  if (status === 403) return soapFault(...LIMIT_EXCEEDED, status);
  if (status === 503) return soapFault('sf:SERVER_UNAVAILABLE', 'SERVER_UNAVAILABLE: Server is temporarily unavailable. Please try again later.', status);
  if (status >= 500) return soapFault('sf:UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION: An unexpected error occurred.', status);
  return soapFault('soapenv:Client', message || `The request failed with status ${status}.`, status);
}

const nil = (name: string, value: string | null): string => (value === null ? `<${name} xsi:nil="true"/>` : `<${name}>${escapeXml(value)}</${name}>`);

/** A LeadConvertResult in WSDL element order: accountId, contactId, errors, leadId, opportunityId, success. */
function resultXml(r: LeadConvertResult): string {
  const errors = r.errors.map((e) => `<errors>${e.fields.map((f) => `<fields>${escapeXml(f)}</fields>`).join('')}<message>${escapeXml(e.message)}</message><statusCode>${escapeXml(e.code)}</statusCode></errors>`);
  return `<result>${nil('accountId', r.accountId)}${nil('contactId', r.contactId)}${errors.join('')}${nil('leadId', r.leadId)}${nil('opportunityId', r.opportunityId)}<success>${r.success}</success></result>`;
}

function leadConvertOf(el: XmlElement): LeadConvertRequest {
  const flag = (name: string) => textOf(el, name) === 'true';
  const optional = (name: string) => {
    const value = textOf(el, name);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    ...optional('leadId'),
    ...optional('convertedStatus'),
    ...optional('accountId'),
    ...optional('contactId'),
    ...optional('ownerId'),
    ...optional('opportunityName'),
    doNotCreateOpportunity: flag('doNotCreateOpportunity'),
    overwriteLeadSource: flag('overwriteLeadSource'),
  };
}

/**
 * `convertLead(leadConverts LeadConvert[])`: each `<leadConverts>` is converted on its own and answered by one
 * `<result>`, in order. The 100-leads-per-call limit is not enforced.
 */
function convertLeadCall(ctx: SalesforceContext, operation: XmlElement): SandboxResponse {
  const results = childrenOf(operation, 'leadConverts').map((el) => convertLead(ctx.store, ctx.schema, leadConvertOf(el)));
  return xmlResponse(
    200,
    `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="${XSI_NS}"><soapenv:Body><convertLeadResponse>` +
      `${results.map(resultXml).join('')}</convertLeadResponse></soapenv:Body></soapenv:Envelope>`,
  );
}

/** Parses the envelope, checks the SessionHeader's token and the API allowance, then runs the Body's operation. */
function partnerCall(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  let envelope: XmlElement;
  try {
    envelope = parseXml(req.rawBody);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return soapFault('soapenv:Client', `The request is not well-formed XML: ${error.message}`); // faultstring wording [?]
  }
  const body = childOf(envelope, 'Body');
  if (localName(envelope.name) !== 'Envelope' || !body) return soapFault('soapenv:Client', 'The request is not a SOAP envelope with a Body.');
  // SOAP carries the token in the envelope, not in an Authorization header (vendor-apis §1.9).
  if (!ctx.tokens.isValid(textOf(childOf(childOf(envelope, 'Header'), 'SessionHeader'), 'sessionId'))) return soapFault(...INVALID_SESSION);
  // SOAP calls count against the same daily API allowance as REST calls.
  ctx.usage.count += 1;
  if (ctx.usage.count > ctx.options.apiLimit) return soapFault(...LIMIT_EXCEEDED);
  const operation = body.children[0];
  if (operation && localName(operation.name) === 'convertLead') return convertLeadCall(ctx, operation);
  return soapFault('soapenv:Client', `No operation available for request {urn:partner.soap.sforce.com}${operation ? localName(operation.name) : ''}`); // wording [?]
}

/**
 * The partner SOAP endpoint. convertLead is the only operation the sandbox serves, so the endpoint carries its name
 * in `/__sandbox/calls` and for faults; another operation answers a fault (and counts there too).
 */
export function addSoapRoutes(router: Router, ctx: SalesforceContext): Router {
  return router.add('POST', PARTNER, 'convertLead', (req) => partnerCall(ctx, req));
}
