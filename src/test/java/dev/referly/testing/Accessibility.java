package dev.referly.testing;

/**
 * Basic accessibility checks run inside the page (Chromium): a language, a title, one h1, a
 * label or name on every control, link and button, alt text on images, and WCAG AA contrast
 * (4.5:1, or 3:1 for large text) between each visible text's colour and the first opaque
 * background behind it. The expression evaluates to the list of problems found.
 */
public final class Accessibility {
    private Accessibility() {}

    public static final String PROBLEMS = """
            (() => {
              const problems = [];
              if (!document.documentElement.lang) problems.push('no lang');
              if (!document.title) problems.push('no title');
              if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count');
              document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(el => {
                if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) problems.push('unlabelled ' + (el.name || el.id));
              });
              document.querySelectorAll('button, a').forEach(el => {
                if (!el.textContent.trim() && !el.getAttribute('aria-label')) problems.push('nameless ' + el.outerHTML.slice(0, 60));
              });
              document.querySelectorAll('img').forEach(el => { if (!el.hasAttribute('alt')) problems.push('img without alt'); });
              const rgba = s => { const m = /rgba?\\(([^)]+)\\)/.exec(s); if (!m) return null;
                const p = m[1].split(/[ ,\\/]+/).filter(x => x).map(parseFloat); return p.length === 3 ? [...p, 1] : p; };
              const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3]));
              const background = el => {
                const layers = [];
                for (let e = el; e; e = e.parentElement) {
                  const c = rgba(getComputedStyle(e).backgroundColor);
                  if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
                }
                return layers.reverse().reduce((below, c) => over(c, below), [255, 255, 255]);
              };
              const luminance = c => { const [r, g, b] = c.map(v => { v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              document.querySelectorAll('body *').forEach(el => {
                if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return;
                const st = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                if (st.visibility === 'hidden' || box.width <= 1 || box.height <= 1) return;
                const fg = rgba(st.color); if (!fg) return;
                const bg = background(el);
                const a = luminance(over(fg, bg)), b = luminance(bg);
                const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
                const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                if (ratio < need) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ' on <' + el.tagName.toLowerCase()
                    + '> "' + el.textContent.trim().slice(0, 40) + '"');
              });
              return problems;
            })()""";
}
