import { seededPermutation } from '../../core/random';

export interface Batch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly size: number;
}

/**
 * Training batches assembled in JavaScript from row-major typed arrays: each pass over the rows follows a new seeded
 * permutation, batches take its rows in order (the last one of a pass holds what is left), and the next pass starts
 * when one is used up, whatever the epoch boundaries. Only a batch's rows ever reach the tfjs backend: slicing batches
 * out of one big tensor costs a copy of the whole tensor per step on the wasm backend (its readSync copies the heap
 * range), which made 700,000 rows take ~100 ms per step of 256.
 *
 * Each batch is a fresh pair of arrays: tfjs' cpu backend keeps the array it is given, so a reused buffer could change
 * under a tensor still alive.
 */
export class BatchStream {
  private order: Uint32Array = new Uint32Array(0);
  private position = 0;
  private readonly rows: number;

  constructor(
    private readonly x: Float32Array,
    private readonly y: Float32Array,
    private readonly width: number,
    private readonly batchSize: number,
    private readonly random: () => number,
  ) {
    this.rows = y.length;
    if (x.length !== this.rows * width) throw new Error(`A ${this.rows}×${width} matrix needs ${this.rows * width} values; got ${x.length}.`);
  }

  next(): Batch {
    if (this.position >= this.order.length) {
      this.order = seededPermutation(this.rows, this.random);
      this.position = 0;
    }
    const size = Math.min(this.batchSize, this.rows - this.position);
    const { width } = this;
    const xs = new Float32Array(size * width);
    const ys = new Float32Array(size);
    for (let r = 0; r < size; r++) {
      const row = this.order[this.position + r]!;
      const from = row * width;
      for (let c = 0; c < width; c++) xs[r * width + c] = this.x[from + c]!;
      ys[r] = this.y[row]!;
    }
    this.position += size;
    return { x: xs, y: ys, size };
  }
}
