/**
 * Sub- and superscripts in figure text. Labels are written the way a reader
 * types them (`x_{t−1}`, `θ_{k+1}`, `W_h`, `10^{-3}`, `β^t`); {@link richText}
 * turns each script into Unicode sub/superscript characters when every
 * character has one (`xₜ₋₁`, `θₖ₊₁`, `Wₕ`, `10⁻³`), and otherwise wraps it in
 * private-use markers that {@link svgScripts} turns into SVG `<tspan>`s
 * (`x_T` → x<tspan baseline-shift="sub">T</tspan>), since Unicode has no
 * subscript capitals. Pure string functions: usable in a browser.
 */

/** Markers around a script that has no Unicode form (U+E000..U+E003, private use). */
export const SUB_OPEN = '\uE000';
export const SUB_CLOSE = '\uE001';
export const SUP_OPEN = '\uE002';
export const SUP_CLOSE = '\uE003';

/** Size of a script relative to its text (for layout and for the tspans). */
export const SCRIPT_SCALE = 0.7;

// biome-ignore format: a table
const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
  a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ',
  r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
  β: 'ᵦ', γ: 'ᵧ', ρ: 'ᵨ', φ: 'ᵩ', χ: 'ᵪ',
};

// biome-ignore format: a table
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
  a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ',
  l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ',
  x: 'ˣ', y: 'ʸ', z: 'ᶻ', T: 'ᵀ', β: 'ᵝ', γ: 'ᵞ', δ: 'ᵟ', θ: 'ᶿ', φ: 'ᵠ', χ: 'ᵡ', '*': '*',
  '′': '′',
};

/**
 * A script: `_{…}` / `^{…}` (anything but braces inside), or a bare `_c` / `^c`
 * of one character after a letter, digit, prime, `)` or `|`, and not followed by
 * a letter or digit (so `he_normal` and `snake_case` stay as they are).
 */
const SCRIPT = /([\p{L}\p{N}′)|‖])([_^])(?:\{([^{}]+)\}|([\p{L}\p{N}*])(?![\p{L}\p{N}]))/gu;

/**
 * A bare subscript of two or three characters on a symbol of one or two
 * letters standing alone: `n_in`, `W_hh`, `lr_t0` (but not `test_acc`,
 * `dlfs_adam` or `he_normal`, whose base or tail is a word).
 */
const SHORT_SUB = /(?<![\p{L}\p{N}_])(\p{L}{1,2}′?)_([\p{L}\p{N}]{2,3})(?![\p{L}\p{N}_])/gu;

function mapAll(s: string, table: Record<string, string>): string | undefined {
  let out = '';
  for (const c of s) {
    const m = table[c];
    if (m === undefined) return undefined;
    out += m;
  }
  return out;
}

/** Renders the TeX-style scripts of a label (see the module comment); other text is unchanged. */
export function richText(s: string): string {
  if (!s.includes('_') && !s.includes('^')) return s;
  const braced = s.replace(SHORT_SUB, (_m, base: string, tail: string) => `${base}_{${tail}}`);
  return braced.replace(
    SCRIPT,
    (_m, base: string, kind: string, braced?: string, bare?: string) => {
      const body = braced ?? bare ?? '';
      const sub = kind === '_';
      const unicode = mapAll(body, sub ? SUB : SUP);
      if (unicode !== undefined) return base + unicode;
      return base + (sub ? SUB_OPEN : SUP_OPEN) + body + (sub ? SUB_CLOSE : SUP_CLOSE);
    },
  );
}

/** True when a string holds script markers. */
export function hasScripts(s: string): boolean {
  return /[\uE000-\uE003]/.test(s);
}

/**
 * Splits marked text into runs: `{ text, script }` with script 'sub', 'sup' or
 * undefined (for layout: a script is drawn at {@link SCRIPT_SCALE} of the size).
 */
export function scriptRuns(s: string): { text: string; script?: 'sub' | 'sup' }[] {
  const runs: { text: string; script?: 'sub' | 'sup' }[] = [];
  const re = /\uE000([^\uE001]*)\uE001|\uE002([^\uE003]*)\uE003/g;
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > last) runs.push({ text: s.slice(last, m.index) });
    if (m[1] !== undefined) runs.push({ text: m[1], script: 'sub' });
    else runs.push({ text: m[2]!, script: 'sup' });
    last = m.index + m[0].length;
  }
  if (last < s.length) runs.push({ text: s.slice(last) });
  return runs;
}

/**
 * Turns the script markers inside the `<text>` elements of an SVG into
 * `<tspan>`s with `baseline-shift` and a smaller font size (resvg and browsers
 * draw both). SVGs without markers are returned unchanged.
 */
export function svgScripts(svg: string): string {
  if (!hasScripts(svg)) return svg;
  const withSpans = svg.replace(
    /<text([^>]*)>([^<]*)<\/text>/g,
    (whole, attrs: string, body: string) => {
      if (!hasScripts(body)) return whole;
      const size = /font-size="([\d.]+)px"/.exec(attrs);
      const fs = size ? Number(size[1]) * SCRIPT_SCALE : undefined;
      const inner = scriptRuns(body)
        .map((r) => {
          if (!r.script) return r.text;
          const shift = r.script === 'sub' ? 'sub' : 'super';
          const font = fs === undefined ? '' : ` font-size="${fs.toFixed(2)}px"`;
          return `<tspan baseline-shift="${shift}"${font}>${r.text}</tspan>`;
        })
        .join('');
      return `<text${attrs}>${inner}</text>`;
    },
  );
  // Markers left in attributes (aria labels, titles) are dropped.
  return withSpans.replace(/[\uE000-\uE003]/g, '');
}

/**
 * Applies {@link richText} to every string of a JSON-like value (titles, axis
 * titles, series names in the data and in scale domains alike, so they stay
 * equal). Keys and non-strings are kept.
 */
export function richTextDeep<T>(value: T): T {
  if (typeof value === 'string') return richText(value) as T;
  if (Array.isArray(value)) return value.map((v) => richTextDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Vega expressions are code, not labels.
      out[k] = k === 'labelExpr' || k === 'expr' || k === 'filter' ? v : richTextDeep(v);
    }
    return out as T;
  }
  return value;
}
