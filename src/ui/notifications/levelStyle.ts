import type { NotificationLevel } from '../../core/dag';

// U+FE0E asks for the text presentation: ⚠ and ℹ otherwise turn into colour emoji on some platforms, which would
// ignore the level's colour and look unlike the other glyphs.
const TEXT_PRESENTATION = '\uFE0E';

/** Each level's glyph and written name: toasts and the log show both, so the level never rests on colour alone. */
export const LEVEL_STYLE: Readonly<Record<NotificationLevel, { readonly icon: string; readonly label: string }>> = {
  info: { icon: `ℹ${TEXT_PRESENTATION}`, label: 'info' },
  success: { icon: '✓', label: 'success' },
  warning: { icon: `⚠${TEXT_PRESENTATION}`, label: 'warning' },
  error: { icon: '✗', label: 'error' },
};
