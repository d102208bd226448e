// The one way the UI talks to Arbiter's HTTP API. Every request goes through `request`, so the
// bearer token of the sign-in (next release: Keycloak, authorization code + PKCE) is added here,
// in one place, by `useAuthorization`.

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

/** Installs where bearer tokens come from: `provider` returns a token (refreshing it as needed) or null. */
export function useAuthorization(provider) {
  authorization = async () => {
    const token = await provider();
    return token ? `Bearer ${token}` : null;
  };
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

/** GET a stored file's bytes (`GET /v1/rulesets/{n}/files/{name}`) as a Blob: to download it or show DRL as text. */
export async function getFile(path) {
  return (await send('GET', path, '*/*')).blob();
}

/** POST a multipart form (an upload edited in Excel) and return its JSON answer; throws ApiError as `request` does. */
export async function postForm(path, form) {
  return (await send('POST', path, 'application/json', form)).json();
}

/** One request with the bearer token, its failure as ApiError: what `getFile` and `postForm` share with `request`. */
async function send(method, path, accept, body) {
  const headers = {Accept: accept};
  const auth = await authorization();
  if (auth) {
    headers.Authorization = auth;
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body});
  } catch (e) {
    throw new ApiError(0, 'Arbiter is not reachable', 'The request did not reach the service; check the connection and try again.');
  }
  if (!response.ok) {
    throw await problem(response);
  }
  return response;
}
