// The frame around every page: the header (who is signed in, their roles), the open-mode banner,
// the left navigation, and the main area the current page renders into. Pages have URLs of
// their own (#/<page id>); the browser's back and forward buttons move between them. A page with
// work that leaving would drop says so (askBeforeLeaving), and every way out — a link, Back,
// Forward, an address set by a script — asks first.

import {h, replace} from './dom.js';
import {problemBox} from './views.js';

const OPEN_MODE = 'Open mode — no sign-in, every caller has every role';

/** The page on screen's question before it is left, or null: see askBeforeLeaving. */
let leaveQuestion = null;

/**
 * While the page on screen has work that leaving would drop: `question()` returns the sentence to
 * ask (or null when nothing would be lost now). Returns the function that stops asking (the page's
 * clean-up calls it).
 */
export function askBeforeLeaving(question) {
  leaveQuestion = question;
  return () => {
    if (leaveQuestion === question) {
      leaveQuestion = null;
    }
  };
}

function mayLeave() {
  const sentence = leaveQuestion?.();
  return !sentence || confirm(sentence);
}

/** `signOut`, when the UI signed the person in itself: what the header's "Sign out" does. */
export function startShell(root, me, pages, signOut = null) {
  const allowed = pages.filter(p => p.allowed(me));
  const main = h('main', {class: 'main', id: 'main', tabindex: '-1'});
  const links = new Map(allowed.map(p => [p.id, h('a', {href: `#/${p.id}`, class: 'nav-link', dataset: {page: p.id}}, p.title)]));

  replace(root,
    me.openMode && h('div', {class: 'banner banner-open', role: 'status', 'data-testid': 'open-mode-banner'}, OPEN_MODE),
    header(me, signOut),
    h('div', {class: 'body'},
      h('nav', {class: 'nav', 'aria-label': 'Main'}, h('ul', null, [...links.values()].map(a => h('li', null, a)))),
      main));

  let cleanup = null;
  const show = () => {
    const id = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
    const page = allowed.find(p => p.id === id);
    if (!page) {
      if (allowed.length > 0) {
        // An unknown or disallowed address lands on the first page the caller may use.
        location.replace(`#/${allowed[0].id}`);
      } else {
        replace(main, noPages(me));
      }
      return;
    }
    if (typeof cleanup === 'function') {
      cleanup();
    }
    for (const [pageId, a] of links) {
      a.classList.toggle('is-current', pageId === page.id);
      if (pageId === page.id) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    }
    document.title = `${page.title} · Arbiter admin`;
    main.replaceChildren();
    try {
      cleanup = page.render(main, me);
    } catch (e) {
      console.error(e);
      replace(main, problemBox(null));
    }
  };
  // Each history entry the app has drawn carries its position (history.state.at), so a refused Back
  // or Forward is undone by going exactly as far the other way: the history stays as it was.
  let drawn = location.hash;
  let at = history.state?.at ?? 0;
  const stamp = () => {
    at = history.state?.at ?? at + 1;
    history.replaceState({...history.state, at}, '');
    drawn = location.hash;
  };
  // A link is asked about before it is followed, so a refusal leaves no history entry behind.
  let linkConfirmed = null;
  document.addEventListener('click', e => {
    const link = e.target.closest?.('a[href^="#"]');
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || link.hash === location.hash) {
      return;
    }
    if (mayLeave()) {
      linkConfirmed = link.hash;
    } else {
      e.preventDefault();
    }
  }, true);
  window.addEventListener('hashchange', () => {
    if (location.hash === drawn) {
      // Back where the page on screen was drawn: a refused move undone.
      return;
    }
    const asked = linkConfirmed === location.hash;
    linkConfirmed = null;
    if (!asked && !mayLeave()) {
      const to = history.state?.at;
      if (to == null) {
        history.back();
      } else {
        history.go(at - to);
      }
      return;
    }
    // Leaving is settled: the page's question is not asked again on the way out (a redirect, its clean-up).
    leaveQuestion = null;
    stamp();
    show();
  });
  stamp();
  show();
}

function header(me, signOut) {
  return h('header', {class: 'topbar'},
    h('a', {class: 'brand', href: '#/'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, 'A'), 'Arbiter', h('span', {class: 'brand-sub'}, 'admin')),
    h('div', {class: 'who', 'data-testid': 'caller'},
      h('span', {class: 'who-name'}, me.openMode ? `Not signed in (${me.name ?? 'unknown address'})` : me.name),
      h('span', {class: 'who-tenant'}, me.tenant ? `tenant ${me.tenant}` : 'all tenants'),
      h('span', {class: 'roles', 'aria-label': 'Roles'},
        me.roles.length ? me.roles.map(r => h('span', {class: 'role'}, r)) : h('span', {class: 'role role-none'}, 'no Arbiter role')),
      signOut && h('button', {class: 'button sign-out', type: 'button', onclick: signOut}, 'Sign out')));
}

function noPages(me) {
  return h('section', {class: 'card notice'},
    h('p', {class: 'notice-title'}, 'Nothing here for your roles'),
    h('p', null, me.roles.length
      ? `Your roles (${me.roles.join(', ')}) do not include any page of the admin UI. Rule sets need analyst, engineer or approver; the audit pages need auditor.`
      : 'Your account has none of Arbiter\'s roles. Ask an administrator for analyst, engineer, approver or auditor.'));
}

/**
 * When the UI cannot even say who is signed in: the problem, full width, and what to do next.
 * `canSignIn`: the UI signs people in itself, so a 401 is answered by offering that, not by this hint.
 */
export function startFailed(root, error, canSignIn = false) {
  replace(root,
    h('header', {class: 'topbar'}, h('span', {class: 'brand'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, 'A'), 'Arbiter', h('span', {class: 'brand-sub'}, 'admin'))),
    h('main', {class: 'main main-alone'},
      problemBox(error),
      !canSignIn && error?.status === 401 && h('p', {class: 'hint muted'},
        'This service checks tokens against a configured key and names no identity provider, so the admin UI cannot sign you in. Set ',
        h('code', null, 'quarkus.oidc.auth-server-url'), ' to the realm, run the service in open mode (', h('code', null, 'arbiter.security.enabled=false'), ') on a laptop, or use the HTTP API with a bearer token.')));
}
