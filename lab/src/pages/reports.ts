import { h } from '../dom.js';
import type { Page } from '../route.js';

export const reportsPage: Page = {
  id: 'reports',
  title: 'reports',
  mount(root) {
    root.append(h('h1', {}, 'reports'));
    return () => {};
  },
};
