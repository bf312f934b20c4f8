import { lazy, Suspense } from 'react';

/** The gallery's entry in the main bundle: the gallery, its pictures and checks load as a chunk when first opened. */
const LessonsGallery = lazy(() => import('./LessonsGallery'));

export function LessonsPage() {
  return (
    <Suspense
      fallback={
        <p className="muted hint" role="status" data-testid="lessons-loading">
          Loading the lessons…
        </p>
      }
    >
      <LessonsGallery />
    </Suspense>
  );
}
