/** Puts text on the clipboard; resolves with why not when the browser refuses (no permission, not a secure page). */
export async function copyText(text: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }> {
  try {
    if (!navigator.clipboard) return { ok: false, error: 'This browser offers no clipboard to this page (it needs https or localhost).' };
    await navigator.clipboard.writeText(text);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `The browser refused the clipboard: ${error instanceof Error ? error.message : String(error)}` };
  }
}
