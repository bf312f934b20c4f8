import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
import { olsPredict, SingularMatrixError, solveOls } from '../../../src/pipelines/ml/ols';

describe('closed-form OLS (normal equations, Cholesky)', () => {
  it('recovers the exact coefficients of a noiseless linear problem', () => {
    // y = 1.5 + 2·a − 3·b + 0.5·c on 6 rows chosen by hand (full column rank).
    const rows = [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [2, 1, -1],
      [-1, 3, 2],
    ];
    const x = Float64Array.from(rows.flat());
    const y = Float64Array.from(rows, ([a, b, c]) => 1.5 + 2 * a! - 3 * b! + 0.5 * c!);
    const fit = solveOls(x, y, rows.length, 3);
    expect(fit.intercept).toBeCloseTo(1.5, 10);
    expect(Array.from(fit.coefficients).map((v) => Number(v.toFixed(10)))).toEqual([2, -3, 0.5]);
    expect(Array.from(olsPredict(fit, Float64Array.of(1, 1, 1), 1))[0]).toBeCloseTo(1, 10);
  });

  it('matches the textbook least-squares line through noisy points', () => {
    // Points (0,1), (1,3), (2,2), (3,5): slope = Sxy/Sxx = 1.1, intercept = ȳ − slope·x̄ = 2.75 − 1.65 = 1.1.
    const fit = solveOls(Float64Array.of(0, 1, 2, 3), Float64Array.of(1, 3, 2, 5), 4, 1);
    expect(fit.coefficients[0]).toBeCloseTo(1.1, 12);
    expect(fit.intercept).toBeCloseTo(1.1, 12);
  });

  it('refuses a singular problem (a duplicated column) with a clear error', () => {
    const random = seededRandom(3);
    const n = 50;
    const x = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) x[r * 2] = x[r * 2 + 1] = random();
    const y = Float64Array.from({ length: n }, () => random());
    expect(() => solveOls(x, y, n, 2)).toThrow(SingularMatrixError);
    expect(() => solveOls(x, y, n, 2)).toThrow(/singular or too ill-conditioned.*duplicate or constant features/);
  });

  it('refuses an ill-conditioned problem (a column equal to another up to 1e-9) and a constant column', () => {
    const random = seededRandom(4);
    const n = 50;
    const near = new Float64Array(n * 2);
    const constant = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) {
      const v = random();
      near[r * 2] = v;
      near[r * 2 + 1] = v + 1e-9 * random();
      constant[r * 2] = v;
      constant[r * 2 + 1] = 7; // collinear with the intercept
    }
    const y = Float64Array.from({ length: n }, () => random());
    expect(() => solveOls(near, y, n, 2)).toThrow(SingularMatrixError);
    expect(() => solveOls(constant, y, n, 2)).toThrow(SingularMatrixError);
  });

  it('refuses fewer rows than unknowns and mismatched shapes', () => {
    expect(() => solveOls(Float64Array.of(1, 2), Float64Array.of(1, 2), 2, 1)).not.toThrow();
    expect(() => solveOls(Float64Array.of(1), Float64Array.of(1), 1, 1)).toThrow('at least 2 rows');
    expect(() => solveOls(Float64Array.of(1, 2, 3), Float64Array.of(1, 2), 2, 1)).toThrow('2×1 matrix');
  });
});
