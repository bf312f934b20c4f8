/**
 * Ordinary least squares in closed form: the correctness reference the tfjs model is measured against. Solves the
 * normal equations (XᵀX) β = Xᵀy with an intercept column, by Cholesky factorization, in float64 on typed arrays.
 * Features should be standardized first (as train does): that keeps XᵀX well conditioned enough for Cholesky.
 */
export interface OlsFit {
  readonly intercept: number;
  readonly coefficients: Float64Array;
}

/**
 * A pivot this small relative to the largest diagonal entry of XᵀX means a column is (nearly) a linear combination of
 * others: the coefficients would be meaningless, so the solver refuses instead of returning them.
 */
const RELATIVE_PIVOT_TOLERANCE = 1e-10;

export class SingularMatrixError extends Error {
  override readonly name = 'SingularMatrixError';
}

/** `x` is row-major, `rows` × `width`; `y` has `rows` values. */
export function solveOls(x: ArrayLike<number>, y: ArrayLike<number>, rows: number, width: number): OlsFit {
  if (x.length !== rows * width || y.length !== rows) {
    throw new Error(`OLS needs a ${rows}×${width} matrix and ${rows} targets; got ${x.length} values and ${y.length} targets.`);
  }
  const equations = new NormalEquations(width);
  equations.add(x, y, rows);
  return equations.solve();
}

/**
 * XᵀX and Xᵀy accumulated a block of rows at a time, in row order (the sums are the same as over one matrix), so that
 * a million training rows never need one float64 matrix of them all.
 */
export class NormalEquations {
  private readonly p: number;
  private readonly a: Float64Array; // XᵀX, lower triangle, with the intercept as column 0
  private readonly b: Float64Array; // Xᵀy
  private readonly row: Float64Array;
  private rows = 0;

  constructor(private readonly width: number) {
    this.p = width + 1;
    this.a = new Float64Array(this.p * this.p);
    this.b = new Float64Array(this.p);
    this.row = new Float64Array(this.p);
    this.row[0] = 1;
  }

  /** Adds `rows` rows of a row-major block `x` and their targets `y`. */
  add(x: ArrayLike<number>, y: ArrayLike<number>, rows: number): void {
    const { p, a, b, row, width } = this;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) row[c + 1] = x[r * width + c]!;
      const target = y[r]!;
      for (let i = 0; i < p; i++) {
        const ri = row[i]!;
        b[i]! += ri * target;
        for (let j = 0; j <= i; j++) a[i * p + j]! += ri * row[j]!;
      }
    }
    this.rows += rows;
  }

  solve(): OlsFit {
    const { p, width } = this;
    if (this.rows < p) throw new SingularMatrixError(`OLS with ${width} feature(s) and an intercept needs at least ${p} rows; got ${this.rows}.`);
    const a = Float64Array.from(this.a);
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[j * p + i] = a[i * p + j]!;
    const beta = choleskySolve(a, Float64Array.from(this.b), p);
    return { intercept: beta[0]!, coefficients: beta.slice(1) };
  }
}

/** Solves A x = b for a symmetric positive definite A (p × p, row-major) by A = L Lᵀ. */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  let largest = 0;
  for (let i = 0; i < p; i++) largest = Math.max(largest, Math.abs(a[i * p + i]!));
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * p + k]! * l[j * p + k]!;
    if (!(diagonal > RELATIVE_PIVOT_TOLERANCE * largest)) {
      throw new SingularMatrixError(
        `The normal equations are singular or too ill-conditioned to solve (column ${j} of XᵀX, counting the intercept ` +
          'as 0, is a linear combination of the others): remove duplicate or constant features.',
      );
    }
    const ljj = Math.sqrt(diagonal);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = sum / ljj;
    }
  }
  const z = new Float64Array(p); // L z = b
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * z[k]!;
    z[i] = sum / l[i * p + i]!;
  }
  const out = new Float64Array(p); // Lᵀ x = z
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * out[k]!;
    out[i] = sum / l[i * p + i]!;
  }
  return out;
}

/** Predictions of a fit for a row-major matrix with the same columns. */
export function olsPredict(fit: OlsFit, x: ArrayLike<number>, rows: number): Float64Array {
  const width = fit.coefficients.length;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = fit.intercept;
    for (let c = 0; c < width; c++) sum += fit.coefficients[c]! * x[r * width + c]!;
    out[r] = sum;
  }
  return out;
}
