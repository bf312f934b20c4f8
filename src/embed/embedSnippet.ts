/**
 * The address and the copy-paste `<iframe>` of an embedded playground. Pure string work (no `location`, no DOM), so the
 * lessons gallery, the README and tests build the same URL the embed later reads back (`embedScope.ts`).
 *
 * URL shape: `<app base>?embed=1&id=<id>[&lesson=<name>][&panes=a,b][&hide=a,b][#/share/<payload>]`.
 */

export interface EmbedUrlOptions {
  readonly id: string;
  readonly lesson?: string;
  /** A share fragment (`#/share/…` or `/share/…`), placed after the query. */
  readonly fragment?: string;
  readonly panes?: readonly string[];
  readonly hide?: readonly string[];
  /** Origins allowed to drive the embed through postMessage (see `protocol.ts`). */
  readonly origin?: readonly string[];
}

const listParam = (items: readonly string[]): string => items.map(encodeURIComponent).join(',');

export function embedUrlOf(base: string, options: EmbedUrlOptions): string {
  // The base is the app's address; any query or fragment it carried is replaced, never merged.
  const root = base.replace(/[?#].*$/s, '');
  const params = ['embed=1', `id=${encodeURIComponent(options.id)}`];
  if (options.lesson !== undefined) params.push(`lesson=${encodeURIComponent(options.lesson)}`);
  if (options.panes && options.panes.length > 0) params.push(`panes=${listParam(options.panes)}`);
  if (options.hide && options.hide.length > 0) params.push(`hide=${listParam(options.hide)}`);
  if (options.origin && options.origin.length > 0) params.push(`origin=${listParam(options.origin)}`);
  let url = `${root}?${params.join('&')}`;
  if (options.fragment) url += options.fragment.startsWith('#') ? options.fragment : `#${options.fragment}`;
  return url;
}

/** Text placed inside a double-quoted HTML attribute: the four characters that could end or confuse it. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An `<iframe>` element as HTML text, 800 × 500, lazy. No `sandbox` attribute: the embed needs module workers,
 * IndexedDB and wasm, which sandbox flags break; untrusted code is already confined to QuickJS inside the embed.
 */
export function embedSnippetOf(url: string, title: string): string {
  return `<iframe src="${attribute(url)}" title="${attribute(title)}" width="800" height="500" loading="lazy" style="border:0"></iframe>`;
}
