// Server-to-client requests (elicitation, sampling, roots) and where they go.
//
// 2025-era upstreams push them as JSON-RPC requests while a call runs; the SDK cannot tell which call
// caused one, so it goes to the most recently started in-flight call of this upstream that has a
// requester. 2026-07-28 upstreams answer the call itself with `input_required`; those rounds are
// driven here (the SDK's auto-fulfilment is off) so each embedded request reaches the requester of
// exactly the call that caused it.
import { isInputRequiredResult } from '@modelcontextprotocol/client';
import type { JsonObject } from '../../shared/types';
import { HubError, errorMessage } from '../core/errors';
import { isJsonObject } from './mapping';
import type { DownstreamRequester } from './types';

export const MAX_INPUT_ROUNDS = 10;

export type ServerRequestMethod = 'elicitation/create' | 'sampling/createMessage' | 'roots/list';

/** Sends one server-to-client request to a requester. */
export async function dispatchToRequester(
  requester: DownstreamRequester,
  method: string,
  params: JsonObject | undefined,
  signal?: AbortSignal,
): Promise<JsonObject> {
  switch (method) {
    case 'elicitation/create':
      return requester.elicit(params ?? {}, signal);
    case 'sampling/createMessage':
      return requester.createMessage(params ?? {}, signal);
    case 'roots/list':
      return requester.listRoots(signal);
    default:
      throw new HubError('UPSTREAM_ERROR', `The upstream asked for "${method}", which the hub cannot forward (expected elicitation/create, sampling/createMessage or roots/list).`);
  }
}

export interface InputRequiredLoop {
  server: string;
  method: string;
  requester: DownstreamRequester | undefined;
  signal: AbortSignal | undefined;
  /** Sends the request; `retry` carries this round's `inputResponses` and the echoed `requestState`. */
  send(retry: { inputResponses?: JsonObject; requestState?: string } | undefined): Promise<unknown>;
}

/**
 * Sends a request that may answer `input_required` (2026-07-28), fulfils every embedded request
 * through the call's requester, and retries with the responses and the byte-exact `requestState`
 * until the upstream answers a complete result (at most MAX_INPUT_ROUNDS rounds).
 */
export async function runWithInputRequired(loop: InputRequiredLoop): Promise<unknown> {
  let result = await loop.send(undefined);
  for (let round = 1; isInputRequiredResult(result); round++) {
    if (round > MAX_INPUT_ROUNDS) {
      throw new HubError(
        'UPSTREAM_ERROR',
        `"${loop.server}" still required input for ${loop.method} after ${MAX_INPUT_ROUNDS} rounds; the server is looping. Check the server or retry the call.`,
      );
    }
    const requests = Object.entries(result.inputRequests ?? {});
    let inputResponses: JsonObject | undefined;
    if (requests.length > 0) {
      const requester = loop.requester;
      if (!requester) {
        const methods = [...new Set(requests.map(([, request]) => request.method))].join(', ');
        throw new HubError(
          'CAPABILITY_MISSING',
          `"${loop.server}" needs input from the client for ${loop.method} (${methods}), but no client is attached that can answer. Call it from a client that supports elicitation/sampling/roots.`,
        );
      }
      const answered = await Promise.all(
        requests.map(async ([key, request]) => {
          const params = isJsonObject(request.params) ? request.params : undefined;
          return [key, await dispatchToRequester(requester, request.method, params, loop.signal)] as const;
        }),
      );
      inputResponses = Object.fromEntries(answered);
    }
    result = await loop.send({
      ...(inputResponses && { inputResponses }),
      ...(result.requestState !== undefined && { requestState: result.requestState }),
    });
  }
  return result;
}

/** The JSON-RPC error message for a pushed request nobody can answer. */
export function noRequesterMessage(server: string, method: string): string {
  return `No client is attached to "${server}" that can answer ${method}: no call that could have caused it is in flight from a client that supports it.`;
}

export function describeRequesterFailure(server: string, method: string, error: unknown): string {
  return `The client could not answer ${method} for "${server}": ${errorMessage(error)}`;
}
