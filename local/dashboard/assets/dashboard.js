/* global document, location, window -- a browser module, served to the dashboard page */
// The dashboard's loop: read the hub's token from the address's fragment (`/dashboard#token=<token>`; a fragment is
// never sent to the server, RFC 3986 §3.5), ask GET /health with it every 10 s, and show the report or say plainly
// why there is none.

import { renderReport } from './render.js';

const REFRESH_MS = 10_000;
/** A hub that accepts the connection but never answers counts as unreachable after this long. */
const ANSWER_WITHIN_MS = 8_000;

const page = {
  problem: document.getElementById('problem'),
  report: document.getElementById('report'),
  updated: document.getElementById('updated'),
  refresh: document.getElementById('refresh'),
};

let timer;
let asked = 0;
let shownAt;

function token() {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

/** `state` is one of ok, missing-token, refused, unreachable, failed: on <body data-state> for styles and tests. */
function show(state, message, { keepReport }) {
  document.body.dataset.state = state;
  page.problem.hidden = !message;
  page.problem.textContent = message ?? '';
  page.report.hidden = !(keepReport && shownAt);
  if (!message) return;
  page.updated.textContent = page.report.hidden ? '' : `Showing the report of ${new Date(shownAt).toLocaleTimeString()}; it may be out of date.`;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, REFRESH_MS);
}

/** GET /health: the response and its report, or `unreachable` for a refused connection, a reset or no answer in time. */
async function getHealth(bearer) {
  let response;
  try {
    response = await fetch('/health', { headers: { authorization: `Bearer ${bearer}` }, cache: 'no-store', signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  } catch {
    return { unreachable: true };
  }
  try {
    return { response, report: response.ok ? await response.json() : undefined };
  } catch {
    return { response, report: undefined };
  }
}

async function refresh() {
  clearTimeout(timer);
  const ask = ++asked;
  const bearer = token();
  if (!bearer) {
    show('missing-token', 'No token in this address. Open the dashboard with the address the hub printed at npm start: it ends in #token=…', { keepReport: false });
    return;
  }
  page.report.setAttribute('aria-busy', 'true');
  const answer = await getHealth(bearer);
  // A newer request (the Refresh button, a new token) has the last word.
  if (ask !== asked) return;
  page.report.removeAttribute('aria-busy');
  if (answer.unreachable) {
    show('unreachable', `The hub at ${location.host} cannot be reached. Is npm start still running? Trying again every ${REFRESH_MS / 1000} s.`, { keepReport: true });
    return schedule();
  }
  const { response, report } = answer;
  if (response.status === 401) {
    // The same token will be refused again: wait for a new address rather than asking every 10 s.
    show('refused', 'The hub refused this token (401). Open the dashboard with the address the hub printed at npm start, token included.', { keepReport: false });
    return;
  }
  if (!response.ok || !report) {
    const what = response.ok ? 'something other than a health report' : String(response.status);
    show('failed', `The hub answered ${what} to GET /health. Trying again every ${REFRESH_MS / 1000} s.`, { keepReport: true });
    return schedule();
  }
  try {
    renderReport(report);
  } catch (error) {
    // A report of another shape (a hub older or newer than this page): say so rather than stop refreshing.
    show('failed', `The hub's health report could not be shown (${error.message}). Trying again every ${REFRESH_MS / 1000} s.`, { keepReport: true });
    return schedule();
  }
  shownAt = report.at;
  show('ok', undefined, { keepReport: true });
  page.updated.textContent = `Report of ${new Date(report.at).toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`;
  schedule();
}

page.refresh.addEventListener('click', () => void refresh());
window.addEventListener('hashchange', () => void refresh());
void refresh();
