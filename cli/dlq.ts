import { listDeadLetters, redriveDeadLetters, showDeadLetter, type DeadLetterDeps, type DeadLetterView } from '#app/redrive-dead-letters';
import { DynamoDbFailureLog } from '#adapters/aws/dynamodb-failure-log';
import { SqsDeadLetterQueue } from '#adapters/aws/sqs-dead-letter-queue';
import type { FailureRecord } from '#ports/stores';
import type { HubConnection } from '#local/hub-file';
import { clients, table } from './operations.ts';

function deps(c: HubConnection): DeadLetterDeps {
  if (!c.deadLetterQueueUrl) {
    throw new Error('no dead-letter queue named: restart the local hub (npm start), or set SYNCLINE_DLQ_URL from the stack output DeadLetterQueueUrl');
  }
  const { documents, sqs } = clients(c);
  return { deadLetters: new SqsDeadLetterQueue(sqs, c.deadLetterQueueUrl, c.changesQueueUrl), failures: new DynamoDbFailureLog(documents, c.stateTable) };
}

/**
 * Terminal control characters (C0 but newline, DEL, C1) shown as \uXXXX: a vendor's error text or a record's field
 * must not be able to move the cursor or recolour the operator's terminal.
 */
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x0a) ||
  (code >= 0x7f && code <= 0x9f) ||
  // Line and paragraph separators, and the bidirectional overrides and isolates that reorder what a terminal shows.
  code === 0x2028 ||
  code === 0x2029 ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);
const printable = (text: string) => [...text].map((c) => (isControl(c.charCodeAt(0)) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
const oneLine = (text: string) => printable(text.replace(/\s+/g, ' ').trim());

function describeError(e: FailureRecord | undefined): string {
  if (!e) return '(none recorded)';
  return oneLine(`${e.error}${e.code ? ` ${e.code}` : ''}: ${e.message} (delivery ${e.receiveCount}, ${e.at})`);
}

function notShownNote(count: number): string[] {
  if (count === 0) return [];
  return [
    `${count} more message(s) in the dead-letter queue are not shown: a FIFO queue hands out a record's next message only once the one before it is gone, and hides what another reader holds. Redrive the shown ones (or use redrive --all), then look again.`,
  ];
}

/** `dlq list`: one line per dead-lettered change, with its record and last error; consumes nothing. */
export async function dlqList(c: HubConnection): Promise<string> {
  const { letters, notShown } = await listDeadLetters(deps(c));
  const lines = letters.length === 0 ? ['The dead-letter queue is empty.'] : [table(['ID', 'SENT', 'RECORD', 'RECEIVES', 'LAST ERROR'], letters.map((l) => [l.id, l.sentAt ?? '', oneLine(l.record), String(l.receiveCount), describeError(l.lastError)]))];
  if (letters.length === 0 && notShown > 0) lines[0] = 'No dead-lettered change can be seen now.';
  return [...lines, ...notShownNote(notShown)].join('\n');
}

/** `dlq show ID`: the whole message, its body pretty-printed, and its last error. */
export async function dlqShow(c: HubConnection, id: string): Promise<{ text: string; ok: boolean }> {
  const letter = await showDeadLetter(deps(c), id);
  if (!letter) return { text: `No message ${id} in the dead-letter queue (or it waits behind an earlier message of its record).`, ok: false };
  return { text: render(letter), ok: true };
}

function render(l: DeadLetterView): string {
  const e = l.lastError;
  const rows: [string, string][] = [
    ['ID', l.id],
    ['Record', l.record],
    ['Group', l.groupId],
    ['Sent', l.sentAt ?? ''],
    ['First received', l.firstReceivedAt ?? ''],
    ['Receives', String(l.receiveCount)],
    ['Last error', e ? `${e.error}${e.code ? ` ${e.code}` : ''}: ${e.message}` : '(none recorded)'],
    ...(e ? ([['Failed at', `${e.at} (delivery ${e.receiveCount})`]] as [string, string][]) : []),
  ];
  let body = l.body;
  try {
    body = JSON.stringify(JSON.parse(l.body), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  return [...rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${oneLine(v)}`), 'Body:', printable(body)].join('\n');
}

/** `dlq redrive ID... | --all`: moves changes back to the changes queue; says what moved and what was not found. */
export async function dlqRedrive(c: HubConnection, ids: readonly string[] | 'all'): Promise<{ text: string; ok: boolean }> {
  const result = await redriveDeadLetters(deps(c), ids);
  const lines = [`Moved ${result.moved.length} change(s) back to the changes queue${result.moved.length > 0 ? `: ${result.moved.map((l) => `${l.id} (${oneLine(l.record)})`).join(', ')}` : ''}.`];
  if (result.missing.length > 0) lines.push(`Not in the dead-letter queue: ${oneLine(result.missing.join(', '))}.`);
  for (const f of result.failed) lines.push(`Not moved: ${f.id}: ${oneLine(f.reason)}`);
  lines.push(...notShownNote(result.notShown));
  return { text: lines.join('\n'), ok: result.missing.length === 0 && result.failed.length === 0 };
}
