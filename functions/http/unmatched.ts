import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './problem';

/**
 * `$default`: what API Gateway's router matched to no route, answered as its router would, in
 * problem+json. The whole route table (every schema) loads only then, not at a health check's
 * cold start.
 */
export async function answerUnmatched(event: APIGatewayProxyEventV2): Promise<never> {
  const { matchRoute } = await import('./route-match');
  const method = event.requestContext.http.method;
  const match = matchRoute(method, event.rawPath);
  if (match.kind === 'method-not-allowed') {
    throw new HttpProblem(405, 'method-not-allowed', `${method} is not allowed on ${event.rawPath}`, [], { allow: match.allow.join(', ') });
  }
  throw new HttpProblem(404, 'not-found', `Nothing at ${method} ${event.rawPath}`);
}
