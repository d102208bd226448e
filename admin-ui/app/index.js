// The admin UI's entry point (bundled by the Quarkus Web Bundler from admin-ui/app/): ask who is
// signed in, then draw the shell and the page the address names.

import './styles.css';
import {get} from './api.js';
import {PAGES} from './pages/index.js';
import {startFailed, startShell} from './shell.js';

const root = document.getElementById('app');
get('/v1/me')
  .then(me => startShell(root, me, PAGES))
  .catch(error => startFailed(root, error));
