import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README: the example Playwright spec', () => {
  it('is the text of tests/e2e/readme-example.spec.ts, verbatim, in a ts code block', () => {
    const spec = read('tests/e2e/readme-example.spec.ts');
    expect(spec.length).toBeGreaterThan(200);
    expect(read('README.md')).toContain('```ts\n' + spec + '```');
  });

  it('lists every URL parameter the playground reads', () => {
    const readme = read('README.md');
    for (const param of ['seed', 'backend', 'speed', 'pool', 'autorun', 'fault']) expect(readme).toContain(`| \`${param}\` |`);
  });
});
