import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A listening TCP socket as Linux reports it in /proc/net/tcp{,6}. */
export interface TcpListener {
  address: string;
  port: number;
  family: 4 | 6;
  inode: string;
}

/** The TCP LISTEN state in /proc/net/tcp (include/net/tcp_states.h: TCP_LISTEN = 10). */
const LISTEN = '0A';

/** /proc/net/tcp writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

function listenersIn(file: string, family: 4 | 6): TcpListener[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === LISTEN)
    .map((cols) => {
      const [address = '', port = '0'] = (cols[1] ?? '').split(':');
      return { address: decodeAddress(address), port: parseInt(port, 16), family, inode: cols[9] ?? '' };
    });
}

/** Every listening TCP socket on this machine (its network namespace). */
export function tcpListeners(): TcpListener[] {
  return [...listenersIn('/proc/net/tcp', 4), ...listenersIn('/proc/net/tcp6', 6)];
}

/** `pid` and every process below it (children, their children, ...). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The comm field may hold spaces and parentheses; the parent pid is the second field after its last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] ?? -1) ?? []));
  return tree;
}

/** The socket inodes the processes hold open. */
export function socketInodes(pids: readonly number[]): Set<string> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return inodes;
}
