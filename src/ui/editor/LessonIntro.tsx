import type { Lesson } from '../../authoring/lessons';
import { LessonCheckView } from '../lessons/LessonCheckView';

/**
 * A lesson's prose above its file: what it teaches and what should happen when it runs, and below it the lesson's check
 * run on the text in the editor (the same check the gallery's card shows).
 */
export function LessonIntro({
  lesson,
  edited,
  trying,
  canTry,
  onStartOver,
  onTry,
}: {
  lesson: Lesson;
  edited: boolean;
  /** A trial of this lesson is under way. */
  trying: boolean;
  /** The playground can run one now (started, not saving this file already). */
  canTry: boolean;
  onStartOver: () => void;
  onTry: () => void;
}) {
  return (
    <>
      {/* Focusable: it scrolls when the prose is long, and keyboard users must be able to scroll it. */}
      <section className="lesson-intro" tabIndex={0} aria-label={`Lesson: ${lesson.title}`} data-testid="editor-lesson-intro" data-lesson={lesson.name}>
        <h3>{lesson.title}</h3>
        <p>{lesson.teaches}</p>
        <p>
          <strong>What should happen:</strong> {lesson.expect}{' '}
          <button
            type="button"
            data-testid="editor-lesson-try"
            // aria-disabled, not disabled: the focus stays on the button while the check runs.
          aria-disabled={trying || !canTry}
            title="Saves and runs this file, triggers the lesson's DAGs in order and checks what happened"
            onClick={() => !trying && canTry && onTry()}
          >
            {trying ? 'Checking…' : 'Save, run and check'}
          </button>
        </p>
        {edited && (
          <p className="muted small">
            This is your copy of the lesson, with your changes.{' '}
            <button type="button" data-testid="editor-lesson-start-over" onClick={onStartOver}>
              Start over from the lesson…
            </button>
          </p>
        )}
      </section>
      {/* Outside the scrolling prose: the outcome of "Save, run and check" stays in view. */}
      <LessonCheckView lesson={lesson} />
    </>
  );
}
