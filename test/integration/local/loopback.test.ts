import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '#local/hub';
import { startTestHub } from '#test/support/hub-client';
import { processTree, socketInodes, tcpListeners, type TcpListener } from '#test/support/tcp-listeners';

/** The ports the hub says it serves on: the HTTP API, the seven sandboxes, fauxqs and DynamoDB Local. */
function reportedPorts(hub: Hub): number[] {
  const urls = [hub.url, hub.hubspot.url, hub.salesforce.url, hub.outreach.url, hub.gong.url, hub.stripe.url, hub.zoominfo.url, hub.slack.url, hub.aws.sqsEndpoint, hub.aws.dynamodbEndpoint];
  return urls.map((url) => Number(new URL(url).port));
}

/** This machine's addresses other than loopback (link-local IPv6 left out: it needs an interface to connect). */
function networkAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a?.address ?? '');
}

/** What a TCP connection attempt to address:port ends in. */
function tryConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 3_000 });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe.runIf(existsSync('/proc/net/tcp'))('the local hub listens on loopback only', () => {
  let hub: Hub;
  let listeners: TcpListener[];
  beforeAll(async () => {
    hub = await startTestHub();
    // Every socket this process (the hub, its function workers) and its children (DynamoDB Local) listen on.
    const inodes = socketInodes(processTree(process.pid));
    listeners = tcpListeners().filter((l) => inodes.has(l.inode));
  }, 180_000);
  afterAll(() => hub?.stop());

  it('finds a listener for every port the hub reports, DynamoDB Local among them', () => {
    const found = new Set(listeners.map((l) => l.port));

    expect(reportedPorts(hub).filter((port) => !found.has(port))).toEqual([]);
  });

  it('binds every listener of the hub and its child processes to 127.0.0.1', () => {
    expect(listeners.length).toBeGreaterThanOrEqual(10);
    expect(listeners.filter((l) => l.address !== '127.0.0.1').map((l) => `${l.address}:${l.port}`)).toEqual([]);
  });

  it.runIf(networkAddresses().length > 0)("refuses connections on this machine's other addresses", async () => {
    const attempts = networkAddresses().flatMap((address) => reportedPorts(hub).map((port) => ({ address, port })));

    const outcomes = await Promise.all(attempts.map(async ({ address, port }) => `${address} ${port} ${await tryConnect(address, port)}`));

    expect(outcomes.filter((o) => !o.endsWith('ECONNREFUSED'))).toEqual([]);
  });
});
