import { h } from '../dom.js';
import type { Page } from '../route.js';

export const activationsPage: Page = {
  id: 'activations',
  title: 'activations',
  mount(root) {
    root.append(h('h1', {}, 'activations'));
    return () => {};
  },
};
