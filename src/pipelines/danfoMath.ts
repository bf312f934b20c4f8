/**
 * The mathjs that danfojs gets (vite.config.ts resolves danfojs' `require("mathjs")` here): the five functions its
 * code calls (std, variance, median, mode in Series and group-by, mean), the very same mathjs functions, without
 * creating the other ~500 of mathjs' default instance when danfojs loads (most of the seconds its chunk took to start).
 */
export { mean, median, mode, std, variance } from 'mathjs';
