import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import { ErrorCode } from '../shared/errors';
import type { RequestContext } from './context';

/**
 * GraphQL over HTTP: the status of a request error depends on the media type of the answer.
 * With `application/graphql-response+json` a document that does not parse, validate or coerce its
 * variables is 4xx (Apollo's 400, kept). With `application/json` (legacy clients, no Accept, `*\/*`)
 * the specification says the server SHOULD answer every well-formed GraphQL-over-HTTP request
 * with 200 and the errors in the body: such clients read `errors`, not the status. Requests that
 * are not well-formed (no query, a body that is not JSON) and refusals outside GraphQL (401, 403,
 * 406, 429, 503) keep their status. The media type is chosen as Apollo chooses it (negotiator over
 * [application/json, application/graphql-response+json], ties to application/json).
 */
const REQUEST_ERRORS = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.BAD_USER_INPUT]);

export function answersLegacyJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return new Negotiator({ headers: { accept } }).mediaType(['application/json', 'application/graphql-response+json']) === 'application/json';
}

export function legacyJsonStatus(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single' || rc.response.http.status !== 400) return;
          const { data, errors } = rc.response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          if (!errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)))) return;
          if (answersLegacyJson(rc.request.http?.headers.get('accept'))) rc.response.http.status = 200;
        },
      };
    },
  };
}
