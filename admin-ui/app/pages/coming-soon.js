// A page that is announced in the navigation but not built yet: it says so plainly, what it will
// do, and how to do the same through the API meanwhile.

import {h} from '../dom.js';

export function comingSoon({id, title, allowed, what, meanwhile}) {
  return {
    id,
    title,
    allowed,
    render(main) {
      main.append(
        h('header', {class: 'page-header'}, h('h1', null, title)),
        h('section', {class: 'card notice', 'data-testid': 'coming-soon'},
          h('p', {class: 'notice-title'}, `${title} is coming in the next release.`),
          h('p', null, what),
          h('p', {class: 'muted'}, 'Until then the same is available through the HTTP API: ',
            meanwhile.map((endpoint, i) => [i > 0 ? ', ' : '', h('code', null, endpoint)]), '.')));
    },
  };
}
