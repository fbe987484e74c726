import BigInt

/// Real-root isolation by Sturm counts and bisection (proofs/two-dimensional.md §4.2).
///
/// The roots of p are those of its square-free part p̃; all of them lie in (-B, B) with
/// the Cauchy bound B = 1 + max |cᵢ / cₙ|, rounded up to a power of two so that the
/// bisection points are dyadic (small denominators). A half-open interval (l, u] with
/// Sturm count 1 either has the root at u (recorded exactly) or isolates it in (l, u).
public enum RealRootIsolation {
    /// Every distinct real root of p, ascending, each with an isolating interval; empty
    /// for a nonzero constant. `nil` for the zero polynomial (every x is a root).
    public static func realRoots(of polynomial: Polynomial) -> [RealAlgebraicNumber]? {
        guard !polynomial.isZero else { return nil }
        let bound = cauchyBound(polynomial)
        return roots(of: polynomial, in: -bound, bound)
    }

    /// The distinct roots of p in the half-open interval (lower, upper], ascending.
    /// The zero polynomial has no isolated roots and gives an empty array.
    public static func roots(of polynomial: Polynomial, in lower: Rational, _ upper: Rational) -> [RealAlgebraicNumber] {
        let squareFree = polynomial.squareFreePart
        guard squareFree.degree >= 1, lower < upper else { return [] }
        let sturm = SturmSequence(squareFree)
        var found: [RealAlgebraicNumber] = []
        bisect(squareFree, sturm, lower, upper, sturm.rootCount(in: lower, upper), into: &found)
        return found
    }

    /// The distinct roots of p in (0, ∞), ascending.
    public static func positiveRoots(of polynomial: Polynomial) -> [RealAlgebraicNumber] {
        guard !polynomial.isZero else { return [] }
        return roots(of: polynomial, in: .zero, cauchyBound(polynomial))
    }

    /// 2ᵏ ≥ 1 + max |cᵢ / cₙ|: every complex root has modulus below it.
    public static func cauchyBound(_ polynomial: Polynomial) -> Rational {
        let lead = polynomial.leadingCoefficient.magnitude
        var largest = Rational.zero
        for c in polynomial.coefficients.dropLast() {
            if let ratio = c.magnitude / lead, ratio > largest { largest = ratio }
        }
        let ceiling = largest.numerator / largest.denominator + 2
        var power = BigInt(1)
        while power < ceiling { power <<= 1 }
        return Rational(power)
    }

    private static func bisect(_ p: Polynomial, _ sturm: SturmSequence, _ lower: Rational, _ upper: Rational,
                               _ count: Int, into found: inout [RealAlgebraicNumber]) {
        guard count > 0 else { return }
        if count == 1 {
            if p.sign(at: upper) == 0 {
                found.append(RealAlgebraicNumber(polynomial: p, exactRoot: upper))
            } else {
                found.append(RealAlgebraicNumber(polynomial: p, isolatedIn: lower, upper))
            }
            return
        }
        let middle = Rational.midpoint(lower, upper)
        let left = sturm.rootCount(in: lower, middle)
        bisect(p, sturm, lower, middle, left, into: &found)
        bisect(p, sturm, middle, upper, count - left, into: &found)
    }
}
