import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UserText } from '../../../src/ui/UserText';

const textOf = (html: string) => html.replace(/<[^>]+>/g, '');

describe('an identifier shown as user text', () => {
  it('may break its line after an underscore, never mid-word, and its text is unchanged', () => {
    const html = renderToStaticMarkup(<UserText text="ml_batch_predict" identifier />);
    expect(html).toBe('<bdi class="user-text">ml_<wbr/>batch_<wbr/>predict</bdi>');
    expect(textOf(html)).toBe('ml_batch_predict');
  });

  it('stays isolated and shows control characters as pictures, as any user text', () => {
    const html = renderToStaticMarkup(<UserText text={'evil_\u202Egnp.exe'} identifier />);
    expect(html.startsWith('<bdi class="user-text">')).toBe(true);
    expect(textOf(html)).toBe(textOf(renderToStaticMarkup(<UserText text={'evil_\u202Egnp.exe'} />)));
  });

  it('renders as before without the flag', () => {
    expect(renderToStaticMarkup(<UserText text="ml_batch_predict" />)).toBe('<bdi class="user-text">ml_batch_predict</bdi>');
  });
});
