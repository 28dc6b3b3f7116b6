import { ResponseError, jsonResponse, type Router } from '../../kit/index.ts';
import { resourceOf, type OutreachContext } from '../context.ts';
import { jsonApiErrors, validationErrors } from '../errors.ts';
import { listDocument, relationshipId, toResourceObject, writeData } from '../jsonapi.ts';
import type { OutreachResource } from '../model.ts';

const JSON_API_HEADERS = { 'Content-Type': 'application/vnd.api+json' };

/** Which states each action may leave from, and where it goes. */
const TRANSITIONS: Record<string, { from: readonly string[]; to: string }> = {
  pause: { from: ['active', 'pending'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  finish: { from: ['active', 'pending', 'paused', 'bounced', 'failed'], to: 'finished' },
};

/** Moves a sequenceState to a new state; the webhook is `sequenceState.updated` with the changed attributes. */
export function changeState(ctx: OutreachContext, state: OutreachResource, to: string): OutreachResource {
  return ctx.store.update(state, { state: to, stateChangedAt: new Date().toISOString() });
}

/**
 * SequenceState routes. Endpoint names: `listSequenceStates`, `createSequenceState`, `getSequenceState`,
 * `sequenceStateAction` (`POST /api/v2/sequenceStates/{id}/actions/{pause|resume|finish}`, [T]: third-party clients
 * of the v2 API; the answer here is 200 with the resource).
 */
export function addSequenceStateRoutes(router: Router, ctx: OutreachContext): Router {
  return router
    .add('GET', '/api/v2/sequenceStates', 'listSequenceStates', (req) => jsonResponse(200, listDocument(ctx.store.all('sequenceState'), req, ctx.baseUrl()), JSON_API_HEADERS))
    .add('POST', '/api/v2/sequenceStates', 'createSequenceState', (req) => {
      const { relationships } = writeData(req, 'sequenceState');
      const prospectId = relationshipId(relationships, 'prospect');
      const sequenceId = relationshipId(relationships, 'sequence');
      const mailboxId = relationshipId(relationships, 'mailbox');
      const problems = [
        ...(prospectId !== undefined && ctx.store.get('prospect', prospectId) ? [] : [{ attribute: 'prospect', detail: 'relationships.prospect must name an existing prospect.' }]),
        ...(sequenceId === undefined ? [{ attribute: 'sequence', detail: 'relationships.sequence is required.' }] : []),
      ];
      if (problems.length > 0) throw new ResponseError(validationErrors(problems));
      const created = ctx.store.create(
        'sequenceState',
        { state: 'active', stateChangedAt: new Date().toISOString(), pauseReason: null },
        { prospect: { type: 'prospect', id: prospectId as number }, sequence: { type: 'sequence', id: sequenceId as number }, mailbox: mailboxId ? { type: 'mailbox', id: mailboxId } : null },
      );
      return jsonResponse(201, { data: toResourceObject(created, ctx.baseUrl()) }, JSON_API_HEADERS);
    })
    .add('GET', '/api/v2/sequenceStates/:id', 'getSequenceState', (req) => jsonResponse(200, { data: toResourceObject(resourceOf(ctx, req, 'sequenceState'), ctx.baseUrl()) }, JSON_API_HEADERS))
    .add('POST', '/api/v2/sequenceStates/:id/actions/:action(pause|resume|finish)', 'sequenceStateAction', (req) => {
      const state = resourceOf(ctx, req, 'sequenceState');
      const action = req.params['action'] ?? '';
      const transition = TRANSITIONS[action] as { from: readonly string[]; to: string };
      const current = String(state.attributes['state']);
      if (!transition.from.includes(current)) {
        throw new ResponseError(jsonApiErrors(422, [{ id: 'validationError', title: 'Validation Error', detail: `A ${current} sequenceState cannot ${action}.` }]));
      }
      return jsonResponse(200, { data: toResourceObject(changeState(ctx, state, transition.to), ctx.baseUrl()) }, JSON_API_HEADERS);
    });
}
