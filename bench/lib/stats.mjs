// Small statistics helpers: the orchestrator reports medians across repetitions, the concurrency
// benchmark percentiles of latencies, the memory benchmark a least-squares slope.

/** "min–max" of a list of numbers, formatted with `format`. */
export function spread(values, format = (v) => v.toFixed(1)) {
  if (values.length === 0) return '–';
  return `${format(Math.min(...values))}–${format(Math.max(...values))}`;
}

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Least-squares slope of y over x, with the fit's intercept. */
export function linearFit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  // Residual standard deviation: how far samples scatter around the line (GC noise), for judging
  // whether a small slope means anything.
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - (intercept + slope * xs[i])) ** 2;
  const residual = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  return { slope, intercept, residual };
}
