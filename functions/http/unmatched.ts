import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './problem';
import { matchRoute } from './route-match';

/** `$default`: what API Gateway's router matched to no route, answered as its router would, in problem+json. */
export function answerUnmatched(event: APIGatewayProxyEventV2): never {
  const method = event.requestContext.http.method;
  const match = matchRoute(method, event.rawPath);
  if (match.kind === 'method-not-allowed') {
    throw new HttpProblem(405, 'method-not-allowed', `${method} is not allowed on ${event.rawPath}`, [], { allow: match.allow.join(', ') });
  }
  throw new HttpProblem(404, 'not-found', `Nothing at ${method} ${event.rawPath}`);
}
