/// A real root ρ of a square-free polynomial p, located by an isolating interval:
/// either the exact rational ρ = lower = upper, or the open interval (lower, upper) that
/// contains ρ and no other root of p, with p(upper) ≠ 0 (proofs/two-dimensional.md §4.2).
///
/// Refinement halves the interval using only the sign of p at the midpoint (p is
/// square-free, so it changes sign across ρ); a midpoint that is a root makes ρ exact.
public struct RealAlgebraicNumber: Sendable, CustomStringConvertible {
    /// The square-free polynomial of which this is a root.
    public let polynomial: Polynomial
    /// The isolating interval (a point when the root is known exactly).
    public private(set) var interval: RationalInterval
    /// sign p(upper) (nonzero while the root is not exact), cached for bisection.
    private var signAtUpper: Int

    /// The exact rational root r of `polynomial` (the caller guarantees p(r) = 0).
    public init(polynomial: Polynomial, exactRoot: Rational) {
        self.polynomial = polynomial
        interval = RationalInterval(point: exactRoot)
        signAtUpper = 0
    }

    /// The unique root of a square-free p in (lower, upper), given p(upper) ≠ 0.
    init(polynomial: Polynomial, isolatedIn lower: Rational, _ upper: Rational) {
        self.polynomial = polynomial
        interval = RationalInterval(lower, upper)
        signAtUpper = polynomial.sign(at: upper)
    }

    /// The rational r as the root of x - r.
    public init(_ value: Rational) {
        self.init(polynomial: Polynomial(linearFactorWithRoot: value), exactRoot: value)
    }

    public var isExact: Bool { interval.isPoint }

    /// The value when the root is known to be rational (after isolation or refinement).
    public var exactValue: Rational? { isExact ? interval.lower : nil }

    /// One bisection step: the half of (lower, upper) that contains ρ, or the exact ρ
    /// when the midpoint is the root.
    public mutating func bisect() {
        guard !isExact else { return }
        let middle = interval.midpoint
        let signMiddle = polynomial.sign(at: middle)
        if signMiddle == 0 {
            interval = RationalInterval(point: middle)
        } else if signMiddle == signAtUpper {
            interval = RationalInterval(interval.lower, middle)
        } else {
            interval = RationalInterval(middle, interval.upper)
        }
    }

    /// Bisects until the interval is no wider than `width` (> 0).
    public mutating func refine(toWidth width: Rational) {
        while interval.width > width { bisect() }
    }

    /// The exact sign of q(ρ) (eq. (4.11)): q(ρ) = 0 exactly when ρ is a root of
    /// gcd(p, q), decided by a Sturm count on (lower, upper]; otherwise the interval is
    /// bisected until the interval enclosure of q on it excludes 0. Refines `self`.
    public mutating func sign(of q: Polynomial) -> Int {
        if let value = exactValue { return q.sign(at: value) }
        if q.isZero { return 0 }
        // Cheap first: a few bisections usually let the enclosure exclude 0, and then
        // q(ρ) ≠ 0 needs no gcd. Only an undecided sign pays for the exact zero test.
        for _ in 0..<8 {
            if let value = exactValue { return q.sign(at: value) }
            if let sign = q.enclosure(on: interval).strictSign { return sign }
            bisect()
        }
        if let value = exactValue { return q.sign(at: value) }
        let common = Polynomial.greatestCommonDivisor(polynomial, q)
        if common.degree >= 1, SturmSequence(common).rootCount(in: interval.lower, interval.upper) > 0 {
            return 0
        }
        while true {
            if let value = exactValue { return q.sign(at: value) }
            if let sign = q.enclosure(on: interval).strictSign { return sign }
            bisect()
        }
    }

    public var description: String { isExact ? "\(interval.lower)" : "root of \(polynomial) in \(interval)" }
}
