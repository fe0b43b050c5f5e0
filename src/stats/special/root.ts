/**
 * Brent's method (Brent 1973, ch. 4 — the algorithm behind R's `uniroot`) for a root of f in
 * [lo, hi] where f(lo) and f(hi) differ in sign. Converges to |Δx| ≤ 4·eps·|x| + tol.
 * Returns NaN when the bracket does not change sign.
 */
export function brentRoot(f: (x: number) => number, lo: number, hi: number, tol = 1e-14, maxIter = 200): number {
  let a = lo,
    b = hi;
  let fa = f(a),
    fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb) || Number.isNaN(fa) || Number.isNaN(fb)) return NaN;
  let c = a,
    fc = fa,
    d = b - a,
    e = d;
  for (let i = 0; i < maxIter; i++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 4 * Number.EPSILON * Math.abs(b) + tol / 2;
    const xm = (c - b) / 2;
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      let p: number, q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc,
          r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}

/**
 * Root of a monotone f: grows the bracket [x0 − w, x0 + w] geometrically until it changes sign,
 * then applies Brent.
 */
export function monotoneRoot(f: (x: number) => number, x0: number, width: number, tol = 1e-14): number {
  let lo = x0 - width,
    hi = x0 + width;
  for (let i = 0; i < 60 && Math.sign(f(lo)) === Math.sign(f(hi)); i++) {
    width *= 2;
    lo = x0 - width;
    hi = x0 + width;
  }
  return brentRoot(f, lo, hi, tol);
}
