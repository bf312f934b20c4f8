import { useStore } from 'zustand';
import type { Lesson } from '../../authoring/lessons';
import { MessageText } from '../UserText';
import { usePlayground } from '../PlaygroundContext';
import { lessonTrials, trialResult } from './lessonTrials';
import './lessonCheck.css';

/**
 * The lesson's check after a "Try it" (or the editor's Save, run and check): ✓ with what should happen, the list of
 * what differed, or that the runs are not over yet. Nothing before the first trial.
 */
export function LessonCheckView({ lesson }: { lesson: Lesson }) {
  const trial = useStore(lessonTrials, (trials) => trials[lesson.name]);
  const scheduler = usePlayground((s) => s.scheduler);
  const result = trialResult(lesson, trial, scheduler);
  if (!trial || !result) return null;
  const what = trial.edited ? 'your edited copy' : 'the lesson';
  return (
    <div className={`lesson-check is-${result.status}`} role="status" data-testid="lesson-check" data-status={result.status} data-lesson={lesson.name}>
      {result.status === 'pending' && (
        <p>
          <span aria-hidden="true">⏳ </span>
          {trial.phase === 'deploying' ? `Deploying ${what}…` : `Running ${what}: the check waits for its runs to end…`}
        </p>
      )}
      {result.status === 'pass' && (
        <p>
          <span className="lesson-check-mark" aria-hidden="true">✓ </span>
          <strong>As expected</strong> ({what}): {lesson.expect}
        </p>
      )}
      {result.status === 'fail' && (
        <>
          <p>
            <span className="lesson-check-mark" aria-hidden="true">✗ </span>
            <strong>Not what the lesson expects</strong> ({what}):
          </p>
          <ul>
            {result.differences.map((difference, i) => (
              <li key={i} data-testid="lesson-difference">
                <MessageText text={difference} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
