import type { Batch } from './batchStream';

const f32 = Math.fround;

/** tfjs' Adam constants (fit.ts AdjustableAdam: β1 0.9, β2 0.999, the float32 backends' epsilon 1e-7), as float32 tensors hold them. */
const BETA1 = f32(0.9);
const BETA2 = f32(0.999);
/** AdamOptimizer multiplies by `1 - this.beta1` computed in double, then made a float32 scalar. */
const ONE_MINUS_BETA1 = f32(1 - 0.9);
const ONE_MINUS_BETA2 = f32(1 - 0.999);
const EPSILON = f32(1e-7);
/** tfjs-backend-wasm's BatchMatMul sums the shared dimension in blocks of this many (batch_mat_mul_impl.cc kBlockSize). */
const WASM_MATMUL_BLOCK = 48;

/**
 * Adam steps of a linear model (one Dense unit, no activation) on plain float32 arrays, computing what trainStep.ts
 * computes on tfjs' wasm backend, bit for bit: the same operations in the same order, each result rounded to float32
 * as the backend's kernels round it (`Math.fround` of an IEEE double result is the correctly rounded float32 result
 * for +, −, ×, ÷ and √), the forward pass accumulating from the bias as XNNPACK's fully-connected kernel does, the
 * batch sums in row order and the kernel's gradient in blocks of 48 rows as the wasm BatchMatMul does.
 *
 * Why: a step of this model is ~4,000 multiply-adds, and tfjs spends ~0.5 ms on its 65 kernel calls (tape, scopes,
 * allocations), so the demo's fit of 741 steps took 0.4 s warm and over 1 s in a fresh worker; here it takes a few
 * milliseconds. The epochs' validation losses come from `predict`, the same forward pass; the tfjs model gets the
 * kept epoch's weights at the end and is what is evaluated, judged, saved and predicted with. tests/unit/pipelines/linearAdamSteps.test.ts runs both side by side on the wasm backend and
 * compares every weight and loss bit for bit; fit.ts uses this only on that backend (cpu and webgl round differently).
 */
export class LinearAdamSteps {
  readonly kernel: Float32Array;
  bias = 0;
  private readonly firstMoment: Float32Array;
  private readonly secondMoment: Float32Array;
  private biasFirstMoment = 0;
  private biasSecondMoment = 0;
  private accBeta1 = BETA1;
  private accBeta2 = BETA2;
  private negativeRate: number;
  // Per-step scratch, sized for the largest batch seen.
  private prediction = new Float32Array(0);
  private gradient = new Float32Array(0);

  constructor(
    private readonly width: number,
    learningRate: number,
  ) {
    this.kernel = new Float32Array(width);
    this.firstMoment = new Float32Array(width);
    this.secondMoment = new Float32Array(width);
    this.negativeRate = f32(-learningRate);
  }

  /** Adam's step size from the next step on (AdjustableAdam.setRate). */
  setRate(rate: number): void {
    this.negativeRate = f32(-rate);
  }

  /** One step on `batch`; returns the batch's mean squared error times its row count, as trainStep's scalar holds it. */
  step(batch: Batch): number {
    const { width, kernel } = this;
    const { x, y, size } = batch;
    if (this.prediction.length < size) {
      this.prediction = new Float32Array(size);
      this.gradient = new Float32Array(size);
    }
    const prediction = this.prediction;
    const dPrediction = this.gradient;

    this.forward(x, size, prediction);
    // Loss: SquaredDifference(labels, predictions), Sum in row order, RealDiv by the count.
    let sum = 0;
    for (let r = 0; r < size; r++) {
      const diff = f32(y[r]! - prediction[r]!);
      sum = f32(sum + f32(diff * diff));
    }
    const count = f32(size);
    const loss = f32(sum / count);

    // Backward, as tfjs' tape runs it: d(sum)/… = 1/count; SquaredDifference's gradient for the predictions is
    // dy · (2 · (predictions − labels)).
    const dSum = f32(1 / count);
    for (let r = 0; r < size; r++) dPrediction[r] = f32(dSum * f32(2 * f32(prediction[r]! - y[r]!)));

    // The bias's gradient: Sum over the batch in row order. The kernel's: BatchMatMul(xᵀ, dPrediction), blocks of 48 rows.
    let biasGradient = 0;
    for (let r = 0; r < size; r++) biasGradient = f32(biasGradient + dPrediction[r]!);

    const oneMinusAccBeta1 = f32(1 - this.accBeta1);
    const oneMinusAccBeta2 = f32(1 - this.accBeta2);
    for (let c = 0; c < width; c++) {
      let gradient = 0;
      for (let start = 0; start < size; start += WASM_MATMUL_BLOCK) {
        const end = Math.min(size, start + WASM_MATMUL_BLOCK);
        let block = 0;
        for (let r = start; r < end; r++) block = f32(block + f32(x[r * width + c]! * dPrediction[r]!));
        gradient = f32(gradient + block);
      }
      const [value, m, v] = this.adam(kernel[c]!, this.firstMoment[c]!, this.secondMoment[c]!, gradient, oneMinusAccBeta1, oneMinusAccBeta2);
      kernel[c] = value;
      this.firstMoment[c] = m;
      this.secondMoment[c] = v;
    }
    [this.bias, this.biasFirstMoment, this.biasSecondMoment] = this.adam(
      this.bias,
      this.biasFirstMoment,
      this.biasSecondMoment,
      biasGradient,
      oneMinusAccBeta1,
      oneMinusAccBeta2,
    );
    this.accBeta1 = f32(this.accBeta1 * BETA1);
    this.accBeta2 = f32(this.accBeta2 * BETA2);
    return f32(loss * count);
  }

  /**
   * The model's outputs for a row-major matrix of scaled features, as the tfjs model with these weights gives them on
   * the wasm backend (predictMatrix, model.apply): XNNPACK's fully-connected starts each output from the bias and adds
   * the products in feature order.
   */
  predict(x: Float32Array): Float32Array {
    const rows = x.length / this.width;
    const out = new Float32Array(rows);
    this.forward(x, rows, out);
    return out;
  }

  /** A copy of the weights now: kernel (one per feature) and bias. */
  weights(): { readonly kernel: Float32Array; readonly bias: number } {
    return { kernel: this.kernel.slice(), bias: this.bias };
  }

  private forward(x: Float32Array, rows: number, out: Float32Array): void {
    const { width, kernel } = this;
    for (let r = 0; r < rows; r++) {
      let acc = this.bias;
      const row = r * width;
      for (let c = 0; c < width; c++) acc = f32(acc + f32(x[row + c]! * kernel[c]!));
      out[r] = acc;
    }
  }

  /** tfjs AdamOptimizer.applyGradients for one value, op by op: returns the new value and moments. */
  private adam(value: number, m: number, v: number, gradient: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number): [number, number, number] {
    const newM = f32(f32(m * BETA1) + f32(gradient * ONE_MINUS_BETA1));
    const newV = f32(f32(v * BETA2) + f32(f32(gradient * gradient) * ONE_MINUS_BETA2));
    const correctedM = f32(newM / oneMinusAccBeta1);
    const correctedV = f32(newV / oneMinusAccBeta2);
    const step = f32(correctedM / f32(f32(Math.sqrt(correctedV)) + EPSILON));
    return [f32(f32(step * this.negativeRate) + value), newM, newV];
  }
}

/** The row-weighted mean of an epoch's step losses, summed as tfjs' AddN sums them (in order, in float32). */
export function epochLossOf(weightedLosses: readonly number[], rows: number): number {
  let sum = 0;
  for (const loss of weightedLosses) sum = f32(sum + loss);
  return sum / rows;
}
