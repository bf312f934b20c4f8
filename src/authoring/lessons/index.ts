import { parseLessonHeader, type LessonHeader } from './lessonHeader';
import assetConditions from './asset-conditions.ts?raw';
import branching from './branching.ts?raw';
import producerConsumer from './producer-consumer.ts?raw';
import retries from './retries.ts?raw';
import triggerRules from './trigger-rules.ts?raw';

/** A lesson: an example DAG file with a few lines of prose (its header) and what should happen when it runs. */
export interface Lesson extends LessonHeader {
  /** Stable name: the file name without .ts (`editor-lesson-<name>` in the UI). */
  readonly name: string;
  readonly fileName: string;
  /** The file as a person opens it in the editor. */
  readonly text: string;
}

const FILES: readonly (readonly [string, string])[] = [
  ['producer-consumer', producerConsumer],
  ['trigger-rules', triggerRules],
  ['branching', branching],
  ['asset-conditions', assetConditions],
  ['retries', retries],
];

/** The lessons, in the order a learner should take them. */
export const LESSONS: readonly Lesson[] = FILES.map(([name, text]) => ({ name, fileName: `${name}.ts`, text, ...parseLessonHeader(text) }));

export const lessonNamed = (name: string): Lesson | undefined => LESSONS.find((lesson) => lesson.name === name);
