export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly bom: boolean }
  | { readonly ok: false; readonly error: string };

/**
 * A user's file as text: UTF-8 (with or without the byte-order mark spreadsheets put first), or a clear refusal.
 * Bytes that are not UTF-8, or NUL bytes, mean a binary file (a spreadsheet, an image) or another encoding: parsing
 * those as CSV would only produce confusing messages about cells.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    // ignoreBOM false (the default): the decoder drops a leading BOM itself.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'The file is not UTF-8 text (a spreadsheet or another encoding?): save it as "CSV UTF-8" and try again.' };
  }
  if (text.includes('\u0000')) {
    return { ok: false, error: 'The file holds binary data (NUL bytes), not CSV text: export it as CSV and try again.' };
  }
  return { ok: true, text, bom };
}
