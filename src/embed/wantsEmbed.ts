/**
 * Whether the URL asks for embed mode at all (`embed` present and not 0/false); read before anything is loaded. On its
 * own, so the full app's entry does not carry the embed parameters' reader (embedParams.ts, loaded for an embed only).
 */
export function wantsEmbed(search: string): boolean {
  const embed = new URLSearchParams(search).get('embed');
  return embed !== null && embed !== '0' && embed !== 'false';
}
