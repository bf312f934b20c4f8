import { useEffect, useState } from 'react';
import { lessonNamed } from '../../authoring/lessons';
import { encodeShareFragment } from '../../share/shareLink';
import type { EmbedFile } from './embedRunner';

/** The full app beside this embed (same folder, so a sub-path works), with no embed keys. */
function appUrl(baseUri: string): URL {
  const app = new URL('./', baseUri);
  app.search = '';
  return app;
}

/**
 * Where "Open in Pipeline Playground" goes at first: a lesson shipped as is opens at its file in the editor; anything
 * else opens the editor (see `useOpenInPlaygroundHref` for the share link that replaces it).
 */
export function openInPlaygroundHref(baseUri: string, file: EmbedFile | null): string {
  const app = appUrl(baseUri);
  const lesson = file ? lessonNamed(file.name.replace(/\.ts$/, '')) : undefined;
  app.hash = lesson && lesson.text === file?.text ? `#/editor/${encodeURIComponent(lesson.fileName)}` : '#/editor';
  return app.href;
}

/**
 * The link, kept current: a file that is not a shipped lesson (edited here, or loaded by the host page) travels as a
 * share link, so the full app opens exactly this text — in a scratch workspace, behind its "Run this shared
 * pipeline" gate. A file too large for a link keeps the plain editor link.
 */
export function useOpenInPlaygroundHref(baseUri: string, file: EmbedFile | null): string {
  const plain = openInPlaygroundHref(baseUri, file);
  const [shared, setShared] = useState<{ key: EmbedFile; href: string } | null>(null);
  const lesson = file ? lessonNamed(file.name.replace(/\.ts$/, '')) : undefined;
  const needsLink = file !== null && !(lesson && lesson.text === file.text);
  useEffect(() => {
    if (!needsLink || !file) return;
    let live = true;
    const app = appUrl(baseUri).href;
    void encodeShareFragment({ v: 1, files: [file], active: file.name, origin: 'an embedded playground' }, { base: app }).then((encoded) => {
      if (live && encoded.ok) setShared({ key: file, href: `${app}${encoded.fragment}` });
    });
    return () => {
      live = false;
    };
  }, [baseUri, file, needsLink]);
  return needsLink && shared?.key === file ? shared.href : plain;
}
