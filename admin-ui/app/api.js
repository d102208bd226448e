// The one way the UI talks to Arbiter's HTTP API. Every request goes through `request`, so the
// bearer token of the sign-in (auth/session.js) is added here, in one place, by `useAuthorization`.

/** An API answer that was not a success, as the problem+json (RFC 9457) it carried. */
export class ApiError extends Error {
  constructor(status, title, detail, errors = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

/** Returns the Authorization header value for a request, or null (open mode: none needed). */
let authorization = async () => null;
/** Called when the API answers 401: the session behind the token is over, whatever the page was doing. */
let unauthorized = () => {};

/**
 * Installs where bearer tokens come from: `provider` returns a token (refreshing it as needed) or null;
 * `onUnauthorized` runs on every 401, so the person is offered to sign in again.
 */
export function useAuthorization(provider, onUnauthorized) {
  authorization = async () => {
    const token = await provider();
    return token ? `Bearer ${token}` : null;
  };
  unauthorized = onUnauthorized;
}

/** GET `path` (e.g. '/v1/rulesets') and return its JSON body; throws ApiError on anything else. */
export async function get(path) {
  return request('GET', path);
}

export async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  const auth = await authorization();
  if (auth) {
    headers.Authorization = auth;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'Arbiter is not reachable', 'The request did not reach the service; check the connection and try again.');
  }
  if (!response.ok) {
    if (response.status === 401) {
      unauthorized();
    }
    throw await problem(response);
  }
  return response.status === 204 ? null : response.json();
}

/** The error a failed response stands for: its problem+json when it has one, else a plain sentence — never a raw body. */
async function problem(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const p = await response.json();
      if (p && typeof p.title === 'string') {
        return new ApiError(response.status, p.title, typeof p.detail === 'string' ? p.detail : null,
          Array.isArray(p.errors) ? p.errors : []);
      }
    } catch (ignored) {
      // Not JSON after all: fall through to the generic sentence.
    }
  }
  return new ApiError(response.status, response.statusText || `HTTP ${response.status}`,
    `The service answered ${response.status} without explaining why.`);
}
