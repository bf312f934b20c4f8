/** The longest file name the workspace takes (it shows in a narrow list and in task error positions). */
export const MAX_FILE_NAME_LENGTH = 80;

/**
 * A workspace file name as a person typed it, made usable: trimmed, `.ts` added when missing. Refused (with the
 * reason, for the UI) when empty, too long, or holding a path separator or a control character.
 */
export function checkFileName(typed: string): { readonly ok: true; readonly name: string } | { readonly ok: false; readonly error: string } {
  const trimmed = typed.trim();
  if (trimmed === '' || trimmed === '.ts') return { ok: false, error: 'A file needs a name.' };
  const name = trimmed.endsWith('.ts') ? trimmed : `${trimmed}.ts`;
  if (name.length > MAX_FILE_NAME_LENGTH) return { ok: false, error: `A file name may have at most ${MAX_FILE_NAME_LENGTH} characters.` };
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name)) return { ok: false, error: 'A file name may not hold / or \\ or control characters.' };
  if (name === 'apache-airflow-ts-sdk.ts') return { ok: false, error: `"${name}" is the authoring API's own name; choose another.` };
  return { ok: true, name };
}

/** `name`, or `name (2).ts`, `name (3).ts`… — the first that is not taken. */
export function freeFileName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  const stem = wanted.replace(/\.ts$/, '').replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n}).ts`;
    if (!taken.has(candidate)) return candidate;
  }
}
