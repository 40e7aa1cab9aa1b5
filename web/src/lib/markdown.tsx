// Renders the few Markdown forms the project's guides use (headings, paragraphs, lists, tables,
// **bold**, *italic*, `code`) so a guide such as 《花名册列说明》 is read inside the app from the
// same file the repository keeps, without a Markdown library in the bundle.
import type { ReactNode } from 'react';

function inline(text: string, key: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/g).filter((p) => p !== '');
  return parts.map((p, i) => {
    const k = `${key}-${i}`;
    if (p.startsWith('**') && p.endsWith('**')) return <strong key={k}>{p.slice(2, -2)}</strong>;
    if (p.startsWith('`') && p.endsWith('`')) return <code key={k}>{p.slice(1, -1)}</code>;
    if (p.startsWith('*') && p.endsWith('*') && p.length > 2) return <em key={k}>{p.slice(1, -1)}</em>;
    return p;
  });
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** Splits `md` into blocks and renders each; unknown forms fall back to paragraphs. */
export function Markdown({ source }: { source: string }) {
  const lines = source.split('\n');
  const out: ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const key = `b${i}`;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      const level = h[1]!.length;
      const content = inline(h[2]!, key);
      out.push(level === 1 ? <h1 key={key}>{content}</h1> : level === 2 ? <h2 key={key}>{content}</h2> : <h3 key={key}>{content}</h3>);
      i++;
      continue;
    }
    if (line.trim().startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) {
        if (!/^\s*\|[\s:|-]+\|\s*$/.test(lines[i]!)) rows.push(cells(lines[i]!));
        i++;
      }
      const [head, ...body] = rows;
      out.push(
        <div className="md-table" key={key}>
          <table>
            <thead>
              <tr>
                {(head ?? []).map((c, j) => (
                  <th key={j}>{inline(c, `${key}h${j}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((r, ri) => (
                <tr key={ri}>
                  {r.map((c, j) => (
                    <td key={j}>{inline(c, `${key}r${ri}c${j}`)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
      continue;
    }
    const bullet = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
    if (bullet.test(line)) {
      // A list item runs on over its indented continuation lines.
      const items: { depth: number; text: string }[] = [];
      while (i < lines.length && lines[i]!.trim() !== '') {
        const b = bullet.exec(lines[i]!);
        if (b) items.push({ depth: b[1]!.length >= 2 ? 1 : 0, text: b[3]! });
        else if (items.length > 0) items[items.length - 1]!.text += ` ${lines[i]!.trim()}`;
        i++;
      }
      out.push(
        <ul key={key}>
          {items.map((it, j) => (
            <li key={j} className={it.depth > 0 ? 'md-nested' : undefined}>
              {inline(it.text, `${key}l${j}`)}
            </li>
          ))}
        </ul>,
      );
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,4}\s|\s*\||\s*([-*]|\d+\.)\s)/.test(lines[i]!)) para.push(lines[i++]!.trim());
    out.push(<p key={key}>{inline(para.join(' '), key)}</p>);
  }
  return <div className="md">{out}</div>;
}
