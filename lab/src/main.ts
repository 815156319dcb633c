/**
 * The lab's page: five views behind hash routes (`#/playground?…`), each view's
 * state in the route's query so that a link reproduces it.
 */
import './style.css';
import { h } from './dom.js';
import { activationsPage } from './pages/activations.js';
import { curvaturePage } from './pages/curvature.js';
import { dashboardPage } from './pages/dashboard.js';
import { playgroundPage } from './pages/playground.js';
import { reportsPage } from './pages/reports.js';
import type { Page } from './route.js';
import { currentRoute } from './route.js';

const pages: Page[] = [playgroundPage, dashboardPage, activationsPage, curvaturePage, reportsPage];

const nav = document.getElementById('nav')!;
const main = document.getElementById('main')!;
const links = pages.map((p) => h('a', { href: `#/${p.id}`, 'data-page': p.id }, p.title));
nav.append(...links);
document
  .getElementById('foot')!
  .append(
    'optlab: the library’s own engine (',
    h('code', {}, 'optlab/core'),
    ', WebAssembly) in a Web Worker. Nothing leaves this machine.',
  );

let unmount: (() => void) | null = null;
let shown = '';

function show(): void {
  const r = currentRoute();
  const page = pages.find((p) => p.id === r.page) ?? pages[0]!;
  if (page.id === shown && page.onRouteChange) {
    page.onRouteChange(r.params);
    return;
  }
  unmount?.();
  shown = page.id;
  main.replaceChildren();
  for (const a of links) {
    if (a.dataset.page === page.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${page.title} · optlab lab`;
  unmount = page.mount(main, r.params);
}

window.addEventListener('hashchange', show);
show();
