/// A closed interval [lower, upper] of rationals (lower ≤ upper), with the interval
/// arithmetic needed to enclose the value of a polynomial on it.
///
/// Enclosure property (proofs/two-dimensional.md eq. (4.10)): for every x in [l, u],
/// p(x) lies in `polynomial.enclosure(on: [l, u])`. The enclosure of Horner's rule
/// converges to the point value as u - l → 0 (its width is O(u - l)), which is what
/// makes the sign-at-root loop terminate.
public struct RationalInterval: Sendable, Hashable, CustomStringConvertible {
    public let lower: Rational
    public let upper: Rational

    /// [lower, upper]; the endpoints are swapped if given in the wrong order.
    public init(_ lower: Rational, _ upper: Rational) {
        (self.lower, self.upper) = lower <= upper ? (lower, upper) : (upper, lower)
    }

    /// The degenerate interval [x, x].
    public init(point: Rational) {
        lower = point
        upper = point
    }

    public var width: Rational { upper - lower }
    public var midpoint: Rational { Rational.midpoint(lower, upper) }
    public var isPoint: Bool { lower == upper }

    public func contains(_ x: Rational) -> Bool { lower <= x && x <= upper }

    /// +1 if the interval lies in (0, ∞), -1 if in (-∞, 0), `nil` if it contains 0.
    public var strictSign: Int? {
        if lower.signum > 0 { return 1 }
        if upper.signum < 0 { return -1 }
        if isPoint, lower.isZero { return 0 }
        return nil
    }

    /// True when the two intervals share no point.
    public func isDisjoint(from other: RationalInterval) -> Bool {
        upper < other.lower || other.upper < lower
    }

    public var description: String { "[\(lower), \(upper)]" }

    public static func + (lhs: RationalInterval, rhs: RationalInterval) -> RationalInterval {
        RationalInterval(lhs.lower + rhs.lower, lhs.upper + rhs.upper)
    }

    public static prefix func - (value: RationalInterval) -> RationalInterval {
        RationalInterval(-value.upper, -value.lower)
    }

    /// [min, max] of the four endpoint products.
    public static func * (lhs: RationalInterval, rhs: RationalInterval) -> RationalInterval {
        let products = [lhs.lower * rhs.lower, lhs.lower * rhs.upper, lhs.upper * rhs.lower, lhs.upper * rhs.upper]
        return RationalInterval(products.min() ?? .zero, products.max() ?? .zero)
    }

    /// The enclosure of 1/x; `nil` when the interval contains 0.
    public var reciprocal: RationalInterval? {
        guard let sign = strictSign, sign != 0,
              let a = upper.reciprocal, let b = lower.reciprocal else { return nil }
        return RationalInterval(a, b)
    }

    /// The enclosure of x², tighter than x·x when the interval straddles 0.
    public var squared: RationalInterval {
        if lower.signum >= 0 { return RationalInterval(lower * lower, upper * upper) }
        if upper.signum <= 0 { return RationalInterval(upper * upper, lower * lower) }
        return RationalInterval(.zero, max(lower * lower, upper * upper))
    }
}
