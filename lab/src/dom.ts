/** Small helpers to build the pages' DOM (no framework). */

type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** Creates an element with attributes (`on…` keys add listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

let uid = 0;
/** A labelled control: `<label for=id>text</label>` and the control with that id. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  // a wrapper (a slider with its value) is labelled through its input
  const target = control.matches('input, select, textarea')
    ? control
    : (control.querySelector<HTMLElement>('input, select, textarea') ?? control);
  const id = target.id || `f${++uid}`;
  target.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', {}, hint) : null,
  );
}

/** A <select> of [value, text] options. */
export function select(
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLSelectElement {
  const s = h('select', { onchange: () => onChange(s.value) });
  for (const [v, t] of options) s.append(h('option', { value: v }, t));
  s.value = value;
  return s;
}

/** A number input. */
export function numberInput(
  value: number,
  o: { min?: number; max?: number; step?: number | 'any' },
  onChange: (v: number) => void,
): HTMLInputElement {
  const i = h('input', {
    type: 'number',
    value: String(value),
    min: o.min,
    max: o.max,
    step: o.step ?? 'any',
    onchange: () => {
      const v = Number(i.value);
      if (Number.isFinite(v)) onChange(v);
    },
  });
  return i;
}

/**
 * A slider on a log scale (10^position) with the value shown beside it; the
 * value is the slider's accessible text.
 */
export function logSlider(
  value: number,
  lo: number,
  hi: number,
  onInput: (v: number) => void,
  onChange?: (v: number) => void,
): HTMLElement {
  const out = h('output', {}, fmt(value));
  const r = h('input', {
    type: 'range',
    min: Math.log10(lo),
    max: Math.log10(hi),
    step: 0.01,
    value: String(Math.log10(value)),
    'aria-valuetext': fmt(value),
  });
  const read = () => Number((10 ** Number(r.value)).toPrecision(2));
  r.addEventListener('input', () => {
    const v = read();
    out.textContent = fmt(v);
    r.setAttribute('aria-valuetext', fmt(v));
    onInput(v);
  });
  r.addEventListener('change', () => onChange?.(read()));
  return h('span', { class: 'slider' }, r, out);
}

/** A linear slider with its value shown. */
export function slider(
  value: number,
  lo: number,
  hi: number,
  step: number,
  onInput: (v: number) => void,
  onChange?: (v: number) => void,
): HTMLElement {
  const out = h('output', {}, fmt(value));
  const r = h('input', {
    type: 'range',
    min: lo,
    max: hi,
    step,
    value: String(value),
    'aria-valuetext': fmt(value),
  });
  r.addEventListener('input', () => {
    out.textContent = fmt(Number(r.value));
    r.setAttribute('aria-valuetext', fmt(Number(r.value)));
    onInput(Number(r.value));
  });
  r.addEventListener('change', () => onChange?.(Number(r.value)));
  return h('span', { class: 'slider' }, r, out);
}

/** A short, readable form of a number. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/** Saves text as a file through a download link. */
export function download(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
