import { lessonNamed } from '../../authoring/lessons';
import type { EmbedFile } from './embedRunner';

/**
 * Where "Open in Pipeline Playground" goes: the full app beside this embed (same folder, so a sub-path works), at the
 * lesson's file in the editor. A file that is not a lesson travels as a share link once the share codec is wired
 * in (issue 15 point 1); until then it opens the editor.
 */
export function openInPlaygroundHref(baseUri: string, file: EmbedFile | null): string {
  const app = new URL('./', baseUri);
  app.search = '';
  const lesson = file ? lessonNamed(file.name.replace(/\.ts$/, '')) : undefined;
  app.hash = lesson ? `#/editor/${encodeURIComponent(lesson.fileName)}` : '#/editor';
  return app.href;
}
