import type {Page} from "playwright-core";

/*
 * Layout checks a reader would make by eye, run in the page: nothing wider than its column unless
 * it scrolls inside it, no SVG text cut by its chart's edge, no table cell that hides its text.
 */

/** One thing that does not fit: what it is and by how many pixels. */
export interface Overflow {
  what: string;
  pixels: number;
}

/** Tables and charts wider than the main column (and not inside a scrolling box), SVG text past its SVG's edges, table cells that cut their text. */
export async function overflows(page: Page): Promise<Overflow[]> {
  // A string, not a function: tsx compiles functions with helpers (__name) the page does not have.
  return page.evaluate(`(() => {
    const out = [];
    const main = document.querySelector("#observablehq-main") ?? document.body;
    const right = main.getBoundingClientRect().right;
    const name = (el) => \`\${el.tagName.toLowerCase()}\${el.id ? \`#\${el.id}\` : ""}\${el.closest("[id]") && !el.id ? \` in #\${el.closest("[id]").id}\` : ""}: "\${(el.textContent ?? "").trim().slice(0, 60)}"\`;
    const scrolls = (el) => {
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (/(auto|scroll)/.test(style.overflowX) && a.getBoundingClientRect().right <= right + 1) return true;
      }
      return false;
    };
    // The copy button Framework adds to code blocks (pre.js) places itself at the block corner: chrome, not content.
    for (const el of document.querySelectorAll("#observablehq-main table, #observablehq-main svg:not(svg svg):not(.observablehq-pre-copy svg)")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > right + 1 && !scrolls(el)) out.push({what: \`\${el.tagName.toLowerCase()} wider than the page's column: \${name(el)}\`, pixels: Math.round(r.right - right)});
    }
    for (const svg of document.querySelectorAll("#observablehq-main svg:not(svg svg):not(.observablehq-pre-copy svg)")) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue;
      for (const text of svg.querySelectorAll("text")) {
        const t = text.getBoundingClientRect();
        if (t.width === 0 || !(text.textContent ?? "").trim()) continue;
        const past = Math.max(box.left - t.left, t.right - box.right, box.top - t.top, t.bottom - box.bottom);
        if (past > 2) out.push({what: \`SVG text cut by its chart's edge: "\${(text.textContent ?? "").trim().slice(0, 60)}"\`, pixels: Math.round(past)});
      }
    }
    for (const cell of document.querySelectorAll("#observablehq-main td, #observablehq-main th")) {
      const c = cell;
      if (getComputedStyle(c).overflow !== "visible" && c.scrollWidth > c.clientWidth + 1 && c.getBoundingClientRect().width > 0) out.push({what: \`table cell cuts its text: \${name(c)}\`, pixels: c.scrollWidth - c.clientWidth});
    }
    return out;
  })()`);
}

/** The fill of each colour-legend swatch by its label ("single" -> "#4269d0") across a page's Plot legends. */
export async function legendColors(page: Page): Promise<Record<string, string>> {
  return page.evaluate(`(() => {
    const out = {};
    for (const swatch of document.querySelectorAll("#observablehq-main [class$='-swatch']")) {
      const label = (swatch.textContent ?? "").trim();
      const fill = swatch.querySelector("svg [fill]")?.getAttribute("fill") ?? swatch.querySelector("svg")?.getAttribute("fill");
      if (label && fill && !(label in out)) out[label] = fill;
    }
    return out;
  })()`);
}
