/**
 * The text tables helm prints (github.com/gosuri/uitable v0.0.4 as Helm v3.17 uses it): every
 * cell is padded to its column's width and cells are joined with a tab, so lines carry trailing
 * blanks. A cell wider than its column (only possible for multi-line text, whose column width is
 * its widest line) is cut to width-3 columns plus `...`; a cell that still holds line breaks
 * spreads its row over several lines, the other cells blank on the extra ones.
 */
import { runeWidth, stringWidth } from './width.ts';

function padRight(s: string, width: number): string {
  const w = stringWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** strutil.Resize: pad to `width`, or cut to width-3 columns and append `...`. */
function resize(s: string, width: number): string {
  const w = stringWidth(s);
  if (w === width) return s;
  const padded = padRight(s, width);
  if (w <= width) return padded;
  let out = '';
  let used = 0;
  for (const ch of padded) {
    out += ch;
    const cw = runeWidth(ch);
    if (used + cw >= width - 3) break;
    used += cw;
  }
  return out + '...';
}

function cellText(s: string, width: number): string {
  return width > 0 ? resize(s, width) : s;
}

function lineWidth(s: string): number {
  return Math.max(0, ...s.split('\n').map(stringWidth));
}

/** Renders rows as uitable's Table.String() followed by helm's trailing newline. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '\n';
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, lineWidth(cell));
    });
  }
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell, i) => cellText(cell, widths[i]).split('\n'));
    const count = Math.max(...cells.map((c) => c.length));
    for (let x = 0; x < count; x++) {
      lines.push(
        cells
          .map((c, y) => (x < c.length ? cellText(c[x], widths[y]) : ' '.padStart(Math.max(widths[y], 1))))
          .join('\t'),
      );
    }
  }
  return lines.join('\n') + '\n';
}
