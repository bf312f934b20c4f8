import { isOperatorName, type GenericOperatorName } from '../operatorNames';
import type { TaskLoader } from '../registry';

/**
 * The code of each built-in operator, loaded on demand like the pipelines' task code. Imported by workers only: the
 * main thread validates operator names against ../operatorNames.ts and never needs this.
 */
export const OPERATOR_LOADERS: Readonly<Record<GenericOperatorName, TaskLoader>> = {
  noop: () => import('./noop').then((m) => m.noop),
  sleep: () => import('./sleep').then((m) => m.sleep),
  fail: () => import('./fail').then((m) => m.fail),
};

/** The loader of a named operator, or undefined for a missing or unknown name. */
export function operatorLoader(name: string | undefined): TaskLoader | undefined {
  return isOperatorName(name) && Object.hasOwn(OPERATOR_LOADERS, name) ? OPERATOR_LOADERS[name as GenericOperatorName] : undefined;
}
