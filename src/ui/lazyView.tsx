import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A view whose code is a chunk of its own, loaded when the view is first opened, so the playground's first load does
 * not pay for it; while it loads, a status line says what is coming (`testId` marks it for the tests).
 */
export function lazyView(load: () => Promise<{ default: ComponentType }>, loadingText: string, testId: string): ComponentType {
  const View = lazy(load);
  return function LazyView() {
    return (
      <Suspense
        fallback={
          <p className="muted hint" role="status" data-testid={testId}>
            {loadingText}
          </p>
        }
      >
        <View />
      </Suspense>
    );
  };
}
