import { fnv1a } from '../core/fnv1a';
import { EMBED_ID_PATTERN } from '../runtime/storageScope';
import { wantsEmbed } from './wantsEmbed';

/** The panes an embed can show, in layout order. */
export const EMBED_PANES = ['editor', 'graph', 'logs', 'metrics'] as const;
export type EmbedPane = (typeof EMBED_PANES)[number];

/** What `hide=` can take away: a pane, or a control. */
export const EMBED_HIDE_KEYS = [...EMBED_PANES, 'run', 'open', 'title'] as const;
export type EmbedHideKey = (typeof EMBED_HIDE_KEYS)[number];

export const DEFAULT_EMBED_PANES: readonly EmbedPane[] = ['editor', 'graph', 'logs', 'metrics'];

/** An embed's settings, read once from its URL. */
export interface EmbedParams {
  readonly id: string;
  readonly lesson: string | null;
  /** The share payload (`#/share/<payload>`), still encoded; null without one. */
  readonly sharePayload: string | null;
  readonly panes: readonly EmbedPane[];
  readonly hidden: ReadonlySet<EmbedHideKey>;
  /** Origins allowed to drive the embed (`origin=`); empty: the parent's origin when it is this page's own. */
  readonly origins: readonly string[];
}

export type EmbedLaunch =
  | { readonly kind: 'app' }
  | { readonly kind: 'embed'; readonly params: EmbedParams }
  | { readonly kind: 'embed-error'; readonly message: string };

const listOf = (value: string | null): string[] =>
  value === null ? [] : value.split(',').map((item) => item.trim()).filter((item) => item !== '');

const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** An origin as `URL.origin` writes it (scheme, host, port), or null for anything else. */
function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}

export { wantsEmbed };

/**
 * Reads `?embed=1&id=…&lesson=…&panes=…&hide=…&origin=…` and an optional `#/share/<payload>`. Everything here comes
 * from whoever wrote the link, so each key is checked and a bad one is refused with a message naming it; `lessonNames`
 * are the lessons this build ships. Without `id`, the id is the lesson's name or a hash of the shared payload.
 */
export function readEmbedLaunch(search: string, hash: string, lessonNames: readonly string[]): EmbedLaunch {
  if (!wantsEmbed(search)) return { kind: 'app' };
  const query = new URLSearchParams(search);
  const embed = query.get('embed')!;
  const fail = (message: string): EmbedLaunch => ({ kind: 'embed-error', message });
  if (embed !== '1' && embed !== 'true') return fail(`embed=${shown(embed)} is not understood: use embed=1.`);

  const lesson = query.get('lesson');
  if (lesson !== null && !lessonNames.includes(lesson)) {
    return fail(`There is no lesson ${shown(lesson)}. Lessons: ${lessonNames.join(', ')}.`);
  }
  const share = /^#\/share\/(.+)$/s.exec(hash);
  const sharePayload = share ? share[1]! : null;

  const givenId = query.get('id');
  const id = givenId ?? (sharePayload ? `share-${fnv1a(sharePayload).toString(36)}` : (lesson ?? 'default'));
  if (!EMBED_ID_PATTERN.test(id)) {
    return fail(`id=${shown(id)} is not a valid embed id: use 1 to 64 letters, digits, "-" or "_".`);
  }

  const paneList = listOf(query.get('panes'));
  const badPane = paneList.find((pane) => !(EMBED_PANES as readonly string[]).includes(pane));
  if (badPane !== undefined) return fail(`panes: ${shown(badPane)} is not a pane. Panes: ${EMBED_PANES.join(', ')}.`);
  const hideList = listOf(query.get('hide'));
  const badHide = hideList.find((key) => !(EMBED_HIDE_KEYS as readonly string[]).includes(key));
  if (badHide !== undefined) return fail(`hide: ${shown(badHide)} cannot be hidden. Keys: ${EMBED_HIDE_KEYS.join(', ')}.`);
  const hidden = new Set(hideList as EmbedHideKey[]);
  const chosen = paneList.length > 0 ? (paneList as EmbedPane[]) : DEFAULT_EMBED_PANES;
  const panes = EMBED_PANES.filter((pane) => chosen.includes(pane) && !hidden.has(pane));

  const origins: string[] = [];
  for (const item of listOf(query.get('origin'))) {
    const origin = originOf(item);
    if (origin === null) return fail(`origin: ${shown(item)} is not an origin such as https://docs.example.org.`);
    origins.push(origin);
  }
  return { kind: 'embed', params: { id, lesson, sharePayload, panes, hidden, origins } };
}
