/**
 * Control chart factors for subgroups of n = 2…25 (ASTM E2587 Table 1; Montgomery, Introduction to
 * Statistical Quality Control, Appendix Table VI): index n − 2.
 *   d2: mean of the relative range R/σ      c4: mean of s/σ
 *   A2, D3, D4: X̄-R chart                   A3, B3, B4: X̄-S chart
 */
// prettier-ignore
export const D2 = [1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532, 3.588, 3.640, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931];
// prettier-ignore
export const D3 = [0, 0, 0, 0, 0, 0.076, 0.136, 0.184, 0.223, 0.256, 0.283, 0.307, 0.328, 0.347, 0.363, 0.378, 0.391, 0.403, 0.415, 0.425, 0.434, 0.443, 0.451, 0.459];
// prettier-ignore
export const D4 = [3.267, 2.574, 2.282, 2.114, 2.004, 1.924, 1.864, 1.816, 1.777, 1.744, 1.717, 1.693, 1.672, 1.653, 1.637, 1.622, 1.608, 1.597, 1.585, 1.575, 1.566, 1.557, 1.548, 1.541];
// prettier-ignore
export const A2 = [1.880, 1.023, 0.729, 0.577, 0.483, 0.419, 0.373, 0.337, 0.308, 0.285, 0.266, 0.249, 0.235, 0.223, 0.212, 0.203, 0.194, 0.187, 0.180, 0.173, 0.167, 0.162, 0.157, 0.153];
// prettier-ignore
export const A3 = [2.659, 1.954, 1.628, 1.427, 1.287, 1.182, 1.099, 1.032, 0.975, 0.927, 0.886, 0.850, 0.817, 0.789, 0.763, 0.739, 0.718, 0.698, 0.680, 0.663, 0.647, 0.633, 0.619, 0.606];
// prettier-ignore
export const B3 = [0, 0, 0, 0, 0.030, 0.118, 0.185, 0.239, 0.284, 0.321, 0.354, 0.382, 0.406, 0.428, 0.448, 0.466, 0.482, 0.497, 0.510, 0.523, 0.534, 0.545, 0.555, 0.565];
// prettier-ignore
export const B4 = [3.267, 2.568, 2.266, 2.089, 1.970, 1.882, 1.815, 1.761, 1.716, 1.679, 1.646, 1.618, 1.594, 1.572, 1.552, 1.534, 1.518, 1.503, 1.490, 1.477, 1.466, 1.455, 1.445, 1.435];
// prettier-ignore
export const C4 = [0.7979, 0.8862, 0.9213, 0.9400, 0.9515, 0.9594, 0.9650, 0.9693, 0.9727, 0.9754, 0.9776, 0.9794, 0.9810, 0.9823, 0.9835, 0.9845, 0.9854, 0.9862, 0.9869, 0.9876, 0.9882, 0.9887, 0.9892, 0.9896];

export const MIN_SUBGROUP = 2;
export const MAX_SUBGROUP = 25;

/** The factors for subgroup size n (2…25); an error naming n otherwise. */
export function factors(n: number): { d2: number; d3: number; d4: number; a2: number; a3: number; b3: number; b4: number; c4: number } {
  if (!Number.isInteger(n) || n < MIN_SUBGROUP || n > MAX_SUBGROUP) throw new RangeError(`a subgroup has 2 to 25 samples, not ${n}`);
  const i = n - 2;
  return { d2: D2[i]!, d3: D3[i]!, d4: D4[i]!, a2: A2[i]!, a3: A3[i]!, b3: B3[i]!, b4: B4[i]!, c4: C4[i]! };
}
