import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubPort, PortError, portTakenMessage } from '#local/start-ports';

const ports = { port: 4700, sandboxes: ['HubSpot', 'Salesforce', 'Outreach', 'Gong', 'Stripe', 'ZoomInfo', 'Slack'] };

describe('npm start ports', () => {
  it('reads SYNCLINE_PORT, 3000 without it', () => {
    expect(hubPort(undefined)).toBe(3000);
    expect(hubPort('4700')).toBe(4700);
    expect(hubPort('0')).toBe(0);
  });

  it('reads every port number as itself', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65_535 }), (port) => {
      expect(hubPort(String(port))).toBe(port);
    }));
  });

  it('rejects a SYNCLINE_PORT that is not a port number, naming the value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string().filter((s) => !/^\d+$/.test(s)), fc.constantFrom('', ' 80', '0x50', '1e3', '-1'), fc.integer({ min: 65_536 }).map(String), fc.double({ min: 0.1, max: 100, noInteger: true }).map(String)), (value) => {
        expect(() => hubPort(value)).toThrow(PortError);
        expect(() => hubPort(value)).toThrow(`received ${JSON.stringify(value)}`);
      }),
    );
  });

  it('says what to do and who listens on a taken port', () => {
    expect(portTakenMessage(4700, ports)).toBe("port 4700 is taken (is another hub running? stop it, or set SYNCLINE_PORT=...)\n  the hub's HTTP API listens there: the hub takes SYNCLINE_PORT (now 4700) and its sandboxes the 7 ports after it");
    expect(portTakenMessage(4701, ports)).toMatch(/^port 4701 is taken .*\n {2}the HubSpot sandbox listens there/);
    expect(portTakenMessage(4707, ports)).toMatch(/\n {2}the Slack sandbox listens there/);
  });
});
