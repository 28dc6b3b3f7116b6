import { PermanentError, RetryableError } from '#domain/errors';
import type { SlackAlert } from './alert.ts';
import { callTimeoutMs } from '../call-deadline.ts';
import { VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';
import { formatSlackAlert } from './format-alert.ts';
import { SlackSecret } from './secret.ts';

/** Tuning of {@link slackAlertSender}; the defaults suit a Lambda that must finish well within its timeout. */
export interface SlackSenderOptions {
  /** Tries per alert, first included (default 3). */
  maxAttempts?: number;
  /** A 429 whose Retry-After is longer than this is not waited for: RetryableError instead (default 10 000 ms). */
  maxRetryAfterMs?: number;
  /** Wait before retrying a 5xx or a network failure; doubles per try (default 500 ms). */
  retryBaseMs?: number;
  /** Per-request timeout (default 5000 ms), shortened to what the invocation has left ({@link callTimeoutMs}). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Sends alerts to one Slack incoming webhook. */
export interface SlackAlertSender {
  /** @throws RetryableError (429, 5xx, network) or PermanentError (other 4xx) with Slack's plain-text code. */
  send(alert: SlackAlert): Promise<void>;
}

type Answer = { kind: 'ok' } | { kind: 'retry'; code: string; status: number; waitMs: number; retryAfterMs?: number } | { kind: 'fail'; code: string; status: number };

/** Slack's plain-text error code (`no_service`), or `http_<status>` when the body is not one. */
function codeOf(status: number, body: string): string {
  const text = body.trim();
  return /^[a-z_]{1,64}$/.test(text) ? text : `http_${status}`;
}

/** Retry-After in seconds (an HTTP date is not something Slack sends) [T]. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An alert sender for a Slack incoming webhook (vendor-apis §4): POSTs `{text, blocks}` and treats any 2xx as
 * delivered (Slack answers 200 `ok`). A 429 is retried after its Retry-After when that is short; a 5xx or a network
 * failure is retried with a doubling wait; after `maxAttempts` the error is RetryableError. Other 4xx answers
 * (`no_service`, `invalid_token`, `invalid_payload`, `channel_is_archived`…) are PermanentError: retrying cannot fix
 * a deleted webhook or a refused payload. Errors name the status and code only, never the URL (it is the secret).
 */
export function slackAlertSender(secret: Record<string, unknown>, options: SlackSenderOptions = {}): SlackAlertSender {
  const { webhookUrl } = SlackSecret.parse(secret);
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;

  async function post(body: string, attempt: number): Promise<Answer> {
    const backoff = retryBaseMs * 2 ** attempt;
    let res: Response;
    try {
      res = await doFetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body, signal: AbortSignal.timeout(callTimeoutMs(options.timeoutMs ?? VENDOR_CALL_TIMEOUT_MS.alert)) });
    } catch (error) {
      const code = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timeout' : 'network_error';
      return { kind: 'retry', code, status: 0, waitMs: backoff };
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return { kind: 'ok' };
    const code = codeOf(res.status, text);
    if (res.status === 429) {
      const after = retryAfterMs(res.headers.get('retry-after'));
      return { kind: 'retry', code, status: 429, waitMs: after ?? backoff, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    if (res.status >= 500) return { kind: 'retry', code, status: res.status, waitMs: backoff };
    return { kind: 'fail', code, status: res.status };
  }

  return {
    async send(alert) {
      const body = JSON.stringify(formatSlackAlert(alert));
      for (let attempt = 0; ; attempt++) {
        const answer = await post(body, attempt);
        if (answer.kind === 'ok') return;
        if (answer.kind === 'fail') throw new PermanentError(answer.code, `Slack refused the alert: ${answer.status} ${answer.code}.`);
        const last = attempt + 1 >= maxAttempts || answer.waitMs > maxRetryAfterMs;
        if (last) {
          const where = answer.status === 0 ? answer.code : `${answer.status} ${answer.code}`;
          throw new RetryableError(`Slack did not take the alert after ${attempt + 1} tries: ${where}.`, answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {});
        }
        await sleep(answer.waitMs);
      }
    },
  };
}
