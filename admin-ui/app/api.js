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
  const response = await send(method, path, {body});
  if (!response.ok) {
    throw await problem(response);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * GET `path` for a body that is not JSON — Prometheus text (`/q/metrics`), a JSON Lines download —
 * as the Response, to read with .text() or .blob(); a failure is an ApiError as in `request`.
 */
export async function getResponse(path, accept) {
  const response = await send('GET', path, {accept});
  if (!response.ok) {
    throw await problem(response);
  }
  return response;
}

/**
 * The request with the caller's authorization, and its Response whatever the status: for answers
 * whose failure status still carries data (`/q/health/ready` is 503 with the checks when DOWN).
 * Throws ApiError only when the service could not be reached.
 */
export async function send(method, path, {body, accept = 'application/json'} = {}) {
  const headers = {Accept: accept};
  const auth = await authorization();
  if (auth) {
    headers.Authorization = auth;
  }
  // A form goes as it is: the browser writes its multipart Content-Type with the boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined || form ? body : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'Arbiter is not reachable', 'The request did not reach the service; check the connection and try again.');
  }
  if (response.status === 401) {
    unauthorized(); // whatever the caller does with the answer, the session behind the token is over
  }
  return response;
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

/** GET a stored file's bytes (`GET /v1/rulesets/{n}/files/{name}`) as a Blob: to download it or show DRL as text. */
export async function getFile(path) {
  return (await getResponse(path, '*/*')).blob();
}

/** POST a multipart form (an upload edited in Excel) and return its JSON answer; throws ApiError as `request` does. */
export async function postForm(path, form) {
  const response = await send('POST', path, {body: form});
  if (!response.ok) {
    throw await problem(response);
  }
  return response.json();
}
