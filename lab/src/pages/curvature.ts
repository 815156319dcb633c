import { h } from '../dom.js';
import type { Page } from '../route.js';

export const curvaturePage: Page = {
  id: 'curvature',
  title: 'curvature',
  mount(root) {
    root.append(h('h1', {}, 'curvature'));
    return () => {};
  },
};
