import { describe, expect, it } from 'vitest';
import { judgeModel } from '../../../src/pipelines/ml/modelQuality';

const m = (r2: number, rmse = 0.5) => ({ r2, rmse, mae: 0.4, count: 300 });

describe('judgeModel: a trained model against the closed-form reference', () => {
  it('is ok within 0.05 R² of the reference (and within 0.01 for the linear model, the reference’s own family)', () => {
    expect(judgeModel('linear', m(0.6496), { test: m(0.6492) })).toMatchObject({ status: 'ok', warn: false });
    expect(judgeModel('mlp', m(0.61), { test: m(0.6492) })).toMatchObject({ status: 'ok', warn: false });
    expect(judgeModel('mlp', m(0.79), { test: m(0.6492) })).toMatchObject({ status: 'ok', warn: false });
  });

  it('notes a linear model 0.01-0.05 short as not converged, in the log only', () => {
    expect(judgeModel('linear', m(0.62), { test: m(0.6492) })).toMatchObject({ status: 'not_converged', warn: false });
  });

  it('warns when the model is more than 0.05 below the reference', () => {
    const verdict = judgeModel('linear', m(-3.17), { test: m(1) });
    expect(verdict).toMatchObject({ status: 'much_worse', warn: true });
    expect(verdict.message).toBe(
      'The linear model is much worse than a straight line: test R² -3.170 against 1.000 for the closed-form least-squares reference on the same rows ' +
        '(more than 0.05 below it). Do not rely on it: try more epochs or a larger learning rate.',
    );
  });

  it('warns that R² is undefined on constant test targets, and when there is no reference to compare with', () => {
    expect(judgeModel('linear', m(Number.NaN, 0.001), { test: m(Number.NaN, 0) })).toMatchObject({ status: 'r2_undefined', warn: true });
    expect(judgeModel('linear', m(Number.NaN, 0.001), { test: m(Number.NaN, 0) }).message).toContain("RMSE (0.001; the closed-form reference's is 0.000)");
    expect(judgeModel('mlp', m(0.4), null, 'OLS with 30 feature(s) and an intercept needs at least 31 rows; got 14.')).toMatchObject({
      status: 'no_reference',
      warn: true,
      message: 'No closed-form reference to compare with (OLS with 30 feature(s) and an intercept needs at least 31 rows; got 14.): test R² 0.400 is unchecked.',
    });
  });
});
