import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBED_HIDE_KEYS, EMBED_PANES } from '../../../src/embed/embedParams';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README: Embed the playground', () => {
  const readme = read('README.md');

  it('shows the embed example spec verbatim, in a ts code block', () => {
    const spec = read('tests/e2e/embed-readme-example.spec.ts');
    expect(readme).toContain('```ts\n' + spec + '```');
  });

  it('documents every URL key, pane, hide key and protocol message', () => {
    for (const key of ['embed', 'id', 'lesson', 'panes', 'hide', 'origin']) expect(readme).toContain(`| \`${key}\` |`);
    for (const name of [...EMBED_PANES, ...EMBED_HIDE_KEYS]) expect(readme).toContain(`\`${name}\``);
    for (const type of ['pp:load', 'pp:run', 'pp:get-state', 'pp:ready', 'pp:run-state', 'pp:run-finished', 'pp:loaded', 'pp:state', 'pp:error']) {
      expect(readme).toContain(`\`${type}\``);
    }
  });
});
