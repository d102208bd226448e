// The admin UI's entry point (bundled by the Quarkus Web Bundler from admin-ui/app/): ask how
// people sign in here, sign them in when security is on, ask who is signed in, then draw the
// shell and the page the address names.

import './styles.css';
import {get, useAuthorization} from './api.js';
import {startSession} from './auth/session.js';
import {PAGES} from './pages/index.js';
import {startFailed, startShell} from './shell.js';
import {showSessionEnded, showSignIn} from './signin.js';

const root = document.getElementById('app');
start().catch(error => startFailed(root, error));

async function start() {
  const config = await get('/v1/ui-config');
  if (config.openMode || !config.issuer) {
    // Open mode needs no sign-in; without an identity provider the UI cannot sign in, and /v1/me says why.
    startShell(root, await get('/v1/me'), PAGES);
    return;
  }
  const {session, redirecting, ...signIn} = await startSession(config);
  if (redirecting) {
    return;
  }
  if (!session) {
    showSignIn(root, signIn);
    return;
  }
  session.onEnd(() => showSessionEnded(session));
  useAuthorization(() => session.accessToken(), () => session.end());
  try {
    startShell(root, await get('/v1/me'), PAGES, () => session.signOut());
  } catch (error) {
    startFailed(root, error, true);
  }
}
