import { LESSONS } from '../../authoring/lessons';
import { LessonCard } from './LessonCard';
import './lessons.css';

/** The lessons as a gallery (`#/lessons`): a card per lesson, in the order a learner should take them. */
export default function LessonsGallery() {
  return (
    <section className="lessons-page" aria-labelledby="lessons-title" data-testid="lessons-page">
      <header className="lessons-header">
        <h2 id="lessons-title">Lessons</h2>
        <p className="muted">
          Each lesson is a DAG file with a few lines of prose. <em>Try it</em> deploys the file, triggers its DAGs and
          checks that what happened is what the lesson says; <em>Open in the editor</em> gives you your own copy to change.
        </p>
      </header>
      <ul className="lesson-cards">
        {LESSONS.map((lesson) => (
          <LessonCard key={lesson.name} lesson={lesson} />
        ))}
      </ul>
    </section>
  );
}
