/** Hash routes: `#/<page>?<state>`; a page writes its state with `setParams`. */

export interface Page {
  id: string;
  title: string;
  /** Builds the view in `root`; returns the clean-up (stop workers, timers). */
  mount(root: HTMLElement, params: URLSearchParams): () => void;
  /** The route's query changed while the page is shown (back/forward, a pasted link). */
  onRouteChange?(params: URLSearchParams): void;
}

export function currentRoute(): { page: string; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  return {
    page: q < 0 ? raw : raw.slice(0, q),
    params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
  };
}

/** Replaces the query of the current page's route without a reload or a history entry per change. */
export function setParams(page: string, params: URLSearchParams): void {
  const next = `#/${page}${params.size > 0 ? `?${params}` : ''}`;
  if (location.hash !== next) history.replaceState(null, '', next);
}
