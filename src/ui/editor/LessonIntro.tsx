import type { Lesson } from '../../authoring/lessons';

/** A lesson's prose above its file: what it teaches and what should happen when it runs. */
export function LessonIntro({ lesson, edited, onStartOver }: { lesson: Lesson; edited: boolean; onStartOver: () => void }) {
  return (
    // Focusable: it scrolls when the prose is long, and keyboard users must be able to scroll it.
    <section className="lesson-intro" tabIndex={0} aria-label={`Lesson: ${lesson.title}`} data-testid="editor-lesson-intro" data-lesson={lesson.name}>
      <h3>{lesson.title}</h3>
      <p>{lesson.teaches}</p>
      <p>
        <strong>What should happen:</strong> {lesson.expect}
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
  );
}
