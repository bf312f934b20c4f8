import type { ModelKind, SplitMetrics } from '../../core/training';

/**
 * A trained model whose held-out R² is more than this below the closed-form least-squares reference on the same rows
 * is "much worse than a straight line": a warning in the train log, a notification, and the run's success callback.
 * 0.05 is five percentage points of the target's variance — far beyond what the float32 optimizer leaves behind on
 * data a line fits (the housing linear model ends within 0.001 of it), yet small enough to catch a model that learned
 * little (R² −3.17 against 1.000 on 100 rows of an exact line).
 */
export const MUCH_WORSE_R2 = 0.05;
/** A linear model is the reference's own family: more than this short of it means it has not converged. */
export const LINEAR_GAP_R2 = 0.01;

export type QualityStatus = 'ok' | 'much_worse' | 'not_converged' | 'r2_undefined' | 'no_reference';

export interface ModelQuality {
  readonly status: QualityStatus;
  /** For the log, the notification and the run; empty when status is ok. */
  readonly message: string;
  /** Whether the run should say so as a warning (not_converged is a log warning only: the model is still close). */
  readonly warn: boolean;
}

export interface Reference {
  readonly test: SplitMetrics;
}

const fixed = (v: number) => v.toFixed(3);

/**
 * The verdict on a trained model against the closed-form reference, from held-out test figures. `reference` is null when
 * the normal equations could not be solved (`referenceProblem` says why).
 */
export function judgeModel(kind: ModelKind, test: SplitMetrics, reference: Reference | null, referenceProblem = ''): ModelQuality {
  if (Number.isNaN(test.r2)) {
    return {
      status: 'r2_undefined',
      warn: true,
      message:
        `R² is undefined on the ${test.count} test rows: their target values are all equal, so there is no variance to explain. ` +
        `Judge the model by its RMSE (${fixed(test.rmse)}${reference ? `; the closed-form reference's is ${fixed(reference.test.rmse)}` : ''}) ` +
        'or give it more varied data.',
    };
  }
  if (!reference) {
    return {
      status: 'no_reference',
      warn: true,
      message: `No closed-form reference to compare with (${referenceProblem || 'it could not be computed'}): test R² ${fixed(test.r2)} is unchecked.`,
    };
  }
  const gap = reference.test.r2 - test.r2;
  if (gap > MUCH_WORSE_R2) {
    return {
      status: 'much_worse',
      warn: true,
      message:
        `The ${kind} model is much worse than a straight line: test R² ${fixed(test.r2)} against ${fixed(reference.test.r2)} for the ` +
        `closed-form least-squares reference on the same rows (more than ${MUCH_WORSE_R2} below it). Do not rely on it: ` +
        (kind === 'mlp' ? 'try the linear model, more rows or more epochs.' : 'try more epochs or a larger learning rate.'),
    };
  }
  if (kind === 'linear' && gap > LINEAR_GAP_R2) {
    return {
      status: 'not_converged',
      warn: false,
      message: `The tfjs linear model is ${gap.toFixed(4)} R² short of the closed-form solution: train longer or tune the learning rate.`,
    };
  }
  return { status: 'ok', warn: false, message: '' };
}
