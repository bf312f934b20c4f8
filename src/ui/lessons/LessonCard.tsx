import { useState } from 'react';
import { useStore } from 'zustand';
import type { Lesson } from '../../authoring/lessons';
import { embedSnippetOf, embedUrlOf } from '../../embed/embedSnippet';
import { encodeShareFragment, shareUrlOf } from '../../share/shareLink';
import { usePlayground, usePlaygroundClient, usePlaygroundStore, useStorageScope } from '../PlaygroundContext';
import { copyText } from './copyText';
import { LessonCheckView } from './LessonCheckView';
import { LessonPicture } from './LessonPicture';
import { isTrying, lessonTrials, runLessonTrial } from './lessonTrials';
import { markLessonDeployed } from './markLessonDeployed';
import { groupDigits } from '../../core/groupDigits';

/** The address of this page without its query and fragment: what links and embeds are built on (works from a sub-path). */
const appBase = () => `${window.location.origin}${window.location.pathname}`;

/** One lesson: its graph, what it teaches and should do, and what a learner can do with it. */
export function LessonCard({ lesson }: { lesson: Lesson }) {
  const client = usePlaygroundClient();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.status === 'ready');
  const scope = useStorageScope();
  const trying = useStore(lessonTrials, (trials) => isTrying(trials[lesson.name]));
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const headingId = `lesson-title-${lesson.name}`;

  const tryIt = () =>
    void runLessonTrial(lesson, {
      client,
      store,
      edited: false,
      deploy: async () => {
        const result = await client.execute({ type: 'deployDagFile', fileName: lesson.fileName, text: lesson.text });
        if (result.ok) await markLessonDeployed(scope, lesson.fileName, lesson.text);
        return result;
      },
    });

  const copy = async (what: string, text: string) => {
    const outcome = await copyText(text);
    setCopied(outcome.ok ? { ok: true, text: `${what} copied (${groupDigits(text.length)} characters).` } : { ok: false, text: outcome.error });
  };
  const copyLink = async () => {
    const encoded = await encodeShareFragment(
      { v: 1, files: [{ name: lesson.fileName, text: lesson.text }], active: lesson.fileName, origin: `lesson ${lesson.name}` },
      { base: appBase() },
    );
    if (!encoded.ok) return setCopied({ ok: false, text: encoded.error });
    await copy('Link', shareUrlOf(appBase(), encoded.fragment));
  };
  const copyEmbed = () =>
    void copy('Embed snippet', embedSnippetOf(embedUrlOf(appBase(), { id: `lesson-${lesson.name}`, lesson: lesson.name }), `Pipeline Playground: ${lesson.title}`));

  return (
    <li className="lesson-card" data-testid={`lesson-card-${lesson.name}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{lesson.title}</h3>
      <LessonPicture lesson={lesson} />
      <p className="lesson-teaches">{lesson.teaches}</p>
      <p className="lesson-expect">
        <strong>What should happen:</strong> {lesson.expect}
      </p>
      <div className="lesson-actions">
        <a className="button-link" href={`#/editor/${encodeURIComponent(lesson.fileName)}`} data-testid={`lesson-open-${lesson.name}`}>
          Open in the editor
        </a>
        <button
          type="button"
          data-testid={`lesson-try-${lesson.name}`}
          // aria-disabled, not disabled: the focus stays on the button while the trial runs, next to its outcome.
          aria-disabled={!ready || trying}
          title="Deploys the lesson as shipped, triggers its DAGs in order and checks what happened"
          onClick={() => ready && !trying && tryIt()}
        >
          {trying ? 'Trying…' : 'Try it'}
        </button>
        <button type="button" data-testid={`lesson-copy-link-${lesson.name}`} onClick={() => void copyLink()}>
          Copy link
        </button>
        <button type="button" data-testid={`lesson-copy-embed-${lesson.name}`} onClick={copyEmbed}>
          Copy embed snippet
        </button>
      </div>
      {copied && (
        <p className={copied.ok ? 'muted small' : 'error-text'} role={copied.ok ? 'status' : 'alert'} data-testid="lesson-copied">
          {copied.text}
        </p>
      )}
      <LessonCheckView lesson={lesson} />
    </li>
  );
}
