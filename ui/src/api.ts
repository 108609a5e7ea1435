import type { Privileges } from './access';
import { toProblem, type Problem } from './problem';
import { apiPath } from './values';

export interface Config {
  /** '' means the UI's own origin (local mode). */
  apiUrl: string;
  authMode: 'local' | 'cognito';
  localOutbox?: boolean;
  /** With authMode 'cognito': sign in straight against the user pool (public app client, USER_PASSWORD_AUTH). */
  cognito?: { region: string; clientId: string };
}

/** A CRM user as GET /users and GET /users/{id} return them. */
export interface User {
  userId: string;
  email: string;
  name: string;
  profile: string;
  roles: string[];
  groups: string[];
  managerId?: string;
  active: boolean;
  version: number;
  lastLoginAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** The signed-in user and what their profile allows. */
export interface Me extends User {
  privileges: Privileges;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

let config: Config = { apiUrl: '', authMode: 'local' };
export const getConfig = () => config;

export async function loadConfig(): Promise<Config> {
  // Relative, so the UI also works when hosted under a path prefix.
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  const body = (await res.json()) as Partial<Config>;
  config = { apiUrl: body.apiUrl ?? '', authMode: body.authMode === 'cognito' ? 'cognito' : 'local', localOutbox: !!body.localOutbox, cognito: body.cognito };
  return config;
}

// sessionStorage: the token dies with the tab, and other tabs/sites cannot read it.
const SESSION_KEY = 'crm.session';
interface StoredSession {
  token: string;
  expiresAt: number;
}

export function saveSession(token: string, expiresIn: number): void {
  const session: StoredSession = { token, expiresAt: Date.now() + expiresIn * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export function currentToken(): string | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as StoredSession | null;
    // A few seconds of slack so a request does not leave with a token that expires in flight.
    if (session && session.expiresAt > Date.now() + 5000) return session.token;
  } catch {
    /* a corrupt entry counts as signed out */
  }
  return null;
}

let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function url(path: string): string {
  return apiPath(config.apiUrl, path);
}

/** Raw authorised fetch; turns failures into ApiError and sends the user to sign-in on 401. */
export async function request(method: string, path: string, body?: unknown, accept = 'application/json', extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: `${accept}, application/problem+json`, ...extraHeaders };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(toProblem(0, null));
  }
  if (res.ok) return res;
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    /* not JSON: the problem is built from the status alone */
  }
  const problem = toProblem(res.status, payload, res.statusText);
  if (res.status === 401 && path !== '/auth/login') {
    clearSession();
    onUnauthorized();
  }
  throw new ApiError(problem);
}

/** `idempotencyKey`: the same key on a resubmitted create makes the server answer it once. */
export async function api<T>(method: string, path: string, body?: unknown, options: { idempotencyKey?: string } = {}): Promise<T> {
  const res = await request(method, path, body, 'application/json', options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {});
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

interface Session {
  accessToken: string;
  expiresIn: number;
}

export type SignInResult = { ok: true } | { ok: false; newPasswordRequired: (newPassword: string) => Promise<SignInResult> };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  if (config.authMode === 'cognito' && config.cognito) return cognitoSignIn(config.cognito, email, password);
  const session = await api<Session>('POST', '/auth/login', { email, password });
  saveSession(session.accessToken, session.expiresIn);
  return { ok: true };
}

interface CognitoResponse {
  AuthenticationResult?: { AccessToken: string; ExpiresIn: number };
  ChallengeName?: string;
  Session?: string;
  __type?: string;
  message?: string;
}

async function cognitoCall(region: string, target: string, payload: unknown): Promise<CognitoResponse> {
  let res: Response;
  try {
    res = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(payload),
    });
  } catch {
    throw new ApiError(toProblem(0, null));
  }
  const body = (await res.json().catch(() => ({}))) as CognitoResponse;
  if (!res.ok) {
    const notAuthorized = body.__type?.endsWith('NotAuthorizedException') || body.__type?.endsWith('UserNotFoundException');
    throw new ApiError({ type: 'about:blank', title: notAuthorized ? 'Invalid email or password' : 'Sign-in failed', status: notAuthorized ? 401 : res.status, detail: body.message });
  }
  return body;
}

async function cognitoSignIn(cognito: { region: string; clientId: string }, email: string, password: string): Promise<SignInResult> {
  const handle = (response: CognitoResponse): SignInResult => {
    if (response.AuthenticationResult) {
      saveSession(response.AuthenticationResult.AccessToken, response.AuthenticationResult.ExpiresIn);
      return { ok: true };
    }
    if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED' && response.Session) {
      const session = response.Session;
      // Admin-created users sign in first with a temporary password and must choose their own.
      return {
        ok: false,
        newPasswordRequired: async (newPassword) =>
          handle(
            await cognitoCall(cognito.region, 'RespondToAuthChallenge', {
              ChallengeName: 'NEW_PASSWORD_REQUIRED',
              ClientId: cognito.clientId,
              Session: session,
              ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
            }),
          ),
      };
    }
    throw new ApiError({ type: 'about:blank', title: 'Sign-in needs a step this UI does not support', status: 400, detail: response.ChallengeName });
  };
  return handle(await cognitoCall(cognito.region, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: email, PASSWORD: password } }));
}
