// OpenID Connect for a public client in the browser: the authorization code flow with PKCE (S256),
// the refresh-token grant and RP-initiated logout. The endpoints come from the realm's discovery
// document, so nothing here is specific to Keycloak. No client secret exists or is needed: PKCE
// binds the code to this tab, `state` binds the answer to the request this tab made.

/** A failure of the identity provider, with what the person can do about it. */
export class SignInError extends Error {
  /** `refused`: the identity provider answered and said no (a used or expired code, an ended session). */
  constructor(title, detail, {refused = false} = {}) {
    super(`${title}: ${detail}`);
    this.title = title;
    this.detail = detail;
    this.refused = refused;
  }
}

/** The realm's endpoints (authorization, token, end session), fetched once per page load. */
export async function discover(issuer) {
  let response;
  try {
    response = await fetch(`${issuer}/.well-known/openid-configuration`, {headers: {Accept: 'application/json'}});
  } catch (e) {
    throw unreachable(issuer);
  }
  if (!response.ok) {
    throw new SignInError('Sign-in is not available',
      `The identity provider at ${issuer} answered ${response.status}; ask an administrator to check arbiter.admin-ui.auth-server-url.`);
  }
  return response.json();
}

/**
 * Where to send the browser to sign in, and what must survive the round trip to check the answer:
 * the PKCE verifier and `state` (kept by the caller in sessionStorage, never sent anywhere else).
 * `silent` asks the realm not to show a login form (prompt=none): the answer is a code when the
 * person still has a session there, and `login_required` otherwise.
 */
export async function authorizationRequest(endpoints, clientId, redirectUri, {silent = false} = {}) {
  if (!crypto.subtle) {
    throw new SignInError('Sign-in needs a secure connection',
      'Open the admin UI over https (or on localhost): the browser offers the cryptography sign-in needs only there.');
  }
  const verifier = random(32);
  const state = random(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(silent ? {prompt: 'none'} : {}),
  }).toString();
  return {url: url.toString(), verifier, state};
}

/** Trades the code the realm sent back for tokens; `redirectUri` must be the one the code was asked with. */
export function exchangeCode(endpoints, clientId, redirectUri, code, verifier) {
  return tokenRequest(endpoints, {grant_type: 'authorization_code', client_id: clientId, redirect_uri: redirectUri, code, code_verifier: verifier});
}

export function refresh(endpoints, clientId, refreshToken) {
  return tokenRequest(endpoints, {grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken});
}

/** Where to send the browser to end the realm's session too, and come back to `returnUri` signed out. */
export function endSessionUrl(endpoints, clientId, idToken, returnUri) {
  const url = new URL(endpoints.end_session_endpoint);
  url.search = new URLSearchParams({client_id: clientId, post_logout_redirect_uri: returnUri, ...(idToken ? {id_token_hint: idToken} : {})}).toString();
  return url.toString();
}

/**
 * The token endpoint's answer as times on this browser's clock: `expires_in` is relative, so a
 * clock that is off by minutes still refreshes in time (the token's own `exp` is the server's clock).
 */
async function tokenRequest(endpoints, form) {
  const sent = Date.now();
  let response;
  try {
    response = await fetch(endpoints.token_endpoint, {method: 'POST', body: new URLSearchParams(form), headers: {Accept: 'application/json'}});
  } catch (e) {
    throw unreachable(new URL(endpoints.token_endpoint).origin);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    // invalid_grant: the code was used already or expired, or the session behind a refresh token ended.
    throw new SignInError('Signing in did not complete', body.error_description || body.error || `The identity provider answered ${response.status}.`,
      {refused: response.status === 400 || response.status === 401});
  }
  return {
    accessToken: body.access_token,
    expiresAt: sent + body.expires_in * 1000,
    refreshToken: body.refresh_token ?? null,
    idToken: body.id_token ?? null,
  };
}

function unreachable(where) {
  return new SignInError('The identity provider is not reachable', `Signing in needs ${where}; check the connection and try again.`);
}

/** `bytes` random bytes as base64url: 32 give a 43-character PKCE verifier (RFC 7636 asks for 43 to 128). */
function random(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
