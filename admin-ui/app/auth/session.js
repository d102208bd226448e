// The signed-in session of this tab. Tokens live in memory only, so no other script can read them
// from storage and they are gone with the tab; sessionStorage holds only what must survive the
// round trip to the realm (the PKCE verifier, `state`, the page to come back to) and what this tab
// did last (signed in, signed out), never a token.

import {SignInError, authorizationRequest, discover, endSessionUrl, exchangeCode, refresh} from './oidc.js';

const PENDING = 'arbiter.signin.pending';
const STATUS = 'arbiter.signin.status';
const SIGNED_IN = 'signed-in';
const SIGNED_OUT = 'signed-out';
/** A token with less left than this is refreshed before it is sent: margin for the request's way and for clock skew. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * Resumes or starts the session for this page load ({issuer, clientId} from GET /v1/ui-config). Resolves to
 * - `{session}` when signed in (just back from the realm with a code);
 * - `{signIn, signedOut, error}` when the person has to sign in: `signIn()` goes to the realm, `signedOut`
 *   says they just signed out, `error` why the last attempt failed;
 * - `{redirecting: true}` when this tab was signed in before a reload: the realm is asked again without a
 *   login form, and sends the browser back here with a code (or with login_required, then the above).
 */
export async function startSession({issuer, clientId}) {
  const endpoints = await discover(issuer);
  // The redirect URI is the page itself without its #/route: the route is kept aside and restored.
  const home = location.origin + location.pathname;
  const go = (returnTo, silent) => authorizationRequest(endpoints, clientId, home, {silent}).then(({url, verifier, state}) => {
    sessionStorage.setItem(PENDING, JSON.stringify({state, verifier, returnTo, silent}));
    location.assign(url);
  });
  const signIn = () => go(location.hash, false);
  const answer = new URLSearchParams(location.search);
  if (answer.has('code') || answer.has('error')) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
    sessionStorage.removeItem(PENDING);
    // The code is single-use and short-lived: off the address bar, out of the history, before anything else.
    history.replaceState(null, '', home + (pending?.returnTo ?? ''));
    // `iss` (RFC 9207) names who answered: a code from another identity provider is not exchanged here.
    if (!pending || pending.state !== answer.get('state') || (answer.has('iss') && answer.get('iss') !== endpoints.issuer)) {
      return {signIn, error: new SignInError('Signing in did not complete',
        'The answer from the identity provider does not belong to a sign-in started in this tab. Sign in again.')};
    }
    if (answer.has('error')) {
      if (pending.silent) {
        // No session at the realm any more (login_required): the ordinary "please sign in", not an error.
        sessionStorage.removeItem(STATUS);
        return {signIn, error: null};
      }
      return {signIn, error: new SignInError('Signing in did not complete', answer.get('error_description') || answer.get('error'))};
    }
    try {
      const tokens = await exchangeCode(endpoints, clientId, home, answer.get('code'), pending.verifier);
      sessionStorage.setItem(STATUS, SIGNED_IN);
      return {session: new Session(endpoints, clientId, home, tokens, signIn)};
    } catch (error) {
      return {signIn, error};
    }
  }
  if (sessionStorage.getItem(STATUS) === SIGNED_IN) {
    await go(location.hash, true);
    return {redirecting: true};
  }
  return {signIn, signedOut: sessionStorage.getItem(STATUS) === SIGNED_OUT, error: null};
}

/** Tokens of one sign-in: hands out a valid access token, refreshing it before it expires; ends; signs out. */
class Session {
  #tokens;
  #refreshing = null;
  #onEnd = () => {};

  constructor(endpoints, clientId, home, tokens, signIn) {
    this.endpoints = endpoints;
    this.clientId = clientId;
    this.home = home;
    this.#tokens = tokens;
    /** Back to the realm and then to the current page: after the session ended (the realm may not even ask again). */
    this.signIn = signIn;
  }

  /** The access token to send now, or null once the session has ended. Concurrent callers share one refresh. */
  async accessToken() {
    if (!this.#tokens) {
      return null;
    }
    if (Date.now() < this.#tokens.expiresAt - REFRESH_MARGIN_MS) {
      return this.#tokens.accessToken;
    }
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh() {
    const old = this.#tokens;
    if (!old.refreshToken) {
      this.end();
      return null;
    }
    try {
      const fresh = await refresh(this.endpoints, this.clientId, old.refreshToken);
      this.#tokens = {...fresh, refreshToken: fresh.refreshToken ?? old.refreshToken, idToken: fresh.idToken ?? old.idToken};
      return fresh.accessToken;
    } catch (error) {
      if (error instanceof SignInError && error.refused) {
        // The realm's session is over (idle or maximum time, signed out elsewhere): no token will come from it.
        this.end();
        return null;
      }
      throw error;
    }
  }

  /** `listener()` runs once when the session ends by itself (its refresh refused, or the API answering 401). */
  onEnd(listener) {
    this.#onEnd = listener;
  }

  end() {
    if (this.#tokens) {
      this.#tokens = null;
      this.#onEnd();
    }
  }

  /** Forgets the tokens, then ends the realm's session too, which sends the browser back here signed out. */
  signOut() {
    const idToken = this.#tokens?.idToken;
    this.#tokens = null;
    sessionStorage.setItem(STATUS, SIGNED_OUT);
    location.assign(endSessionUrl(this.endpoints, this.clientId, idToken, this.home));
  }
}
