import { useEffect, useState } from 'react';
import type { Lesson } from '../../authoring/lessons';
import { lessonPicture, type PictureOutcome } from './lessonPictures';

/**
 * A small static picture of the lesson's graph: its DAGs as the file declares them (read in a DAG-file worker), joined
 * by their assets. React draws the SVG; the layout computed it.
 */
export function LessonPicture({ lesson }: { lesson: Lesson }) {
  const [outcome, setOutcome] = useState<PictureOutcome | null>(null);
  useEffect(() => {
    let live = true;
    void lessonPicture(lesson.fileName, lesson.text).then((read) => live && setOutcome(read));
    return () => {
      live = false;
    };
  }, [lesson]);

  if (!outcome) {
    return (
      <div className="lesson-picture is-loading" data-testid="lesson-picture" data-status="loading">
        <span className="muted small">Reading the file…</span>
      </div>
    );
  }
  if (!outcome.ok) {
    return (
      <div className="lesson-picture" data-testid="lesson-picture" data-status="failed">
        <span className="error-text">
          <bdi>{outcome.error}</bdi>
        </span>
      </div>
    );
  }
  const { picture } = outcome;
  const pad = 4;
  return (
    <div className="lesson-picture" data-testid="lesson-picture" data-status="ready" data-node-count={picture.nodes.length}>
      <svg
        viewBox={`${-pad} ${-pad} ${picture.width + 2 * pad} ${picture.height + 2 * pad}`}
        role="img"
        aria-label={`Graph of ${lesson.fileName}: ${picture.description}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <g className="lesson-picture-edges">
          {picture.edges.map((edge) => (
            <path key={edge.key} d={edge.path} />
          ))}
        </g>
        {picture.nodes.map((node) => (
          <g key={node.id} className={`lesson-picture-node is-${node.kind}`} transform={`translate(${node.x},${node.y})`}>
            <rect width={node.width} height={node.height} rx={node.kind === 'asset' ? node.height / 2 : 5} />
            <text x={node.width / 2} y={node.height / 2} dominantBaseline="central" textAnchor="middle">
              {node.label}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
