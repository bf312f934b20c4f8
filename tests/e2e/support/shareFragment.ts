import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

/**
 * A share fragment made the way the format says (`#/share/1.` + base64url(deflate-raw(JSON))), with Node's own
 * zlib rather than the page's code: a link from any encoder that follows the format opens.
 */
export function shareFragmentOf(payload: unknown): string {
  return `#/share/1.${deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8')).toString('base64url')}`;
}

/** A lesson file as shipped, shared as one file with the lesson's origin text. */
export function lessonShareFragment(name: string): string {
  const text = readFileSync(`src/authoring/lessons/${name}.ts`, 'utf8');
  return shareFragmentOf({ v: 1, files: [{ name: `${name}.ts`, text }], active: `${name}.ts`, settings: { seed: 3 }, origin: `lesson ${name}` });
}
