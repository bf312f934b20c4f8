// mathjs ships types, but not where its package.json "exports" let TypeScript find them under moduleResolution
// "bundler". Only danfoMath.ts imports mathjs, to hand its functions on to danfojs untouched: it needs no more.
declare module 'mathjs' {
  export const mean: unknown;
  export const median: unknown;
  export const mode: unknown;
  export const std: unknown;
  export const variance: unknown;
}
