import { h } from '../dom.js';
import type { Page } from '../route.js';

export const dashboardPage: Page = {
  id: 'dashboard',
  title: 'dashboard',
  mount(root) {
    root.append(h('h1', {}, 'dashboard'));
    return () => {};
  },
};
