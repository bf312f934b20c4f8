import { describe, expect, it } from 'vitest';
import { embedSnippetOf, embedUrlOf } from '../../../src/embed/embedSnippet';

describe('embedUrlOf', () => {
  it('puts embed=1 and the id first, then the optional keys, then the share fragment', () => {
    const url = embedUrlOf('https://docs.example/pp/', {
      id: 'intro',
      lesson: 'retries',
      panes: ['graph', 'logs'],
      hide: ['editor', 'open'],
      fragment: '#/share/1.abc',
    });
    expect(url).toBe('https://docs.example/pp/?embed=1&id=intro&lesson=retries&panes=graph,logs&hide=editor,open#/share/1.abc');
  });

  it('replaces a query or fragment already on the base and adds a missing # to the fragment', () => {
    expect(embedUrlOf('https://a.example/x/?foo=1#/dags', { id: 'a', fragment: '/share/1.z' })).toBe(
      'https://a.example/x/?embed=1&id=a#/share/1.z',
    );
  });

  it('escapes what the URL could misread', () => {
    const url = embedUrlOf('./', { id: 'a b&c', lesson: 'x#y', origin: ['https://h.example'] });
    expect(url).toBe('./?embed=1&id=a%20b%26c&lesson=x%23y&origin=https%3A%2F%2Fh.example');
    const parsed = new URL(url, 'https://base.example/');
    expect(parsed.searchParams.get('id')).toBe('a b&c');
    expect(parsed.searchParams.get('lesson')).toBe('x#y');
    expect(parsed.hash).toBe('');
  });
});

describe('embedSnippetOf', () => {
  it('is an 800×500 lazy iframe with a title and no sandbox flags', () => {
    const html = embedSnippetOf('https://a.example/?embed=1&id=a', 'Retries lesson');
    expect(html).toBe(
      '<iframe src="https://a.example/?embed=1&amp;id=a" title="Retries lesson" width="800" height="500" loading="lazy" style="border:0"></iframe>',
    );
    expect(html).not.toContain('sandbox');
  });

  it('cannot be broken out of by a hostile title or URL', () => {
    const html = embedSnippetOf('x" onload="alert(1)', '"><script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/" onload=/);
    expect(html.match(/"/g)).toHaveLength(12);
  });
});
