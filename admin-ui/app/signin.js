// What a person sees before they are signed in, and when their session ends while they work.
// Signing in itself happens at the identity provider (auth/session.js); these screens say why
// it is needed, what went wrong last time, and send them there.

import {h, replace} from './dom.js';
import {problemBox} from './views.js';

/** The whole page: the brand, why to sign in, the last attempt's problem if any, and the button. */
export function showSignIn(root, {signIn, signedOut, error}) {
  const button = h('button', {class: 'button button-primary', type: 'button', 'data-testid': 'sign-in'}, 'Sign in');
  button.addEventListener('click', () => start(button, signIn, status));
  const status = h('div', {class: 'signin-status'},
    signedOut && !error && h('p', {class: 'signin-done', role: 'status'}, 'You have signed out.'),
    error && problemBox(error));
  replace(root,
    h('header', {class: 'topbar'}, h('span', {class: 'brand'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, 'A'), 'Arbiter', h('span', {class: 'brand-sub'}, 'admin'))),
    h('main', {class: 'main main-alone signin', id: 'main'},
      h('section', {class: 'card signin-card', 'data-testid': 'sign-in-screen', 'aria-labelledby': 'signin-title'},
        h('h1', {id: 'signin-title'}, 'Sign in to Arbiter'),
        h('p', {class: 'muted'}, 'The admin UI shows the rule sets that route every command, and what your roles let you do with them.'),
        status,
        button,
        h('p', {class: 'signin-hint muted'}, 'You sign in with your organisation\'s account and come straight back to this page.'))));
  document.title = 'Sign in · Arbiter admin';
  button.focus();
}

/**
 * Over the current page when the session ended by itself (idle too long at the identity provider, or a
 * token the API no longer accepts): the page stays visible behind it, and signing in again returns to it.
 */
export function showSessionEnded(session) {
  const button = h('button', {class: 'button button-primary', type: 'button', 'data-testid': 'sign-in-again'}, 'Sign in again');
  const status = h('div', {class: 'signin-status'});
  const dialog = h('dialog', {class: 'card signin-card signin-dialog', 'data-testid': 'session-ended', 'aria-labelledby': 'ended-title'},
    h('h1', {id: 'ended-title'}, 'Your session has ended'),
    h('p', null, 'Sign in again to go on; you will come back to this page. Changes not saved yet are lost when you leave it.'),
    status,
    button);
  button.addEventListener('click', () => start(button, () => session.signIn(), status));
  // Only a new sign-in closes it: Escape would leave a page whose every request is refused.
  dialog.addEventListener('cancel', e => e.preventDefault());
  document.body.append(dialog);
  dialog.showModal();
}

/** Leaves for the identity provider; if it cannot be reached, says so and offers the button again. */
function start(button, signIn, status) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = 'Signing in…';
  signIn().catch(error => {
    button.disabled = false;
    button.textContent = label;
    replace(status, problemBox(error));
  });
}
