import ExactArithmetic

/// Where an exact fixed point of the 2D circuit is, as computed algebraic numbers
/// (proofs/two-dimensional.md §4.1). Refining a location never changes the point.
public enum FixedPointLocation2D: Sendable {
    /// s = √a is a positive root of the quartic P (eq. (4.4)) with g(s) ≠ 0, and
    /// y = b z / g(s) (eq. (4.2)); `input` is b z ≠ 0.
    case quarticRoot(s: RealAlgebraicNumber, input: Rational, g: Polynomial)
    /// s = √a is rational and y is an algebraic number (a root of y - r or of y² - k).
    case rationalS(s: Rational, y: RealAlgebraicNumber)

    /// Enclosures of y and a = s², each no wider than `width` (> 0), refining the
    /// isolating intervals as needed (eq. (4.10)). Terminates because g(s) ≠ 0 on a
    /// `quarticRoot` and interval enclosures shrink with the interval.
    public mutating func enclosures(width: Rational) -> (y: RationalInterval, a: RationalInterval) {
        switch self {
        case .quarticRoot(var s, let input, let g):
            while true {
                if let inverse = g.enclosure(on: s.interval).reciprocal {
                    let y = RationalInterval(point: input) * inverse
                    let a = s.interval.squared
                    if y.width <= width, a.width <= width {
                        self = .quarticRoot(s: s, input: input, g: g)
                        return (y, a)
                    }
                }
                for _ in 0..<4 { s.bisect() }  // check the enclosures every fourth halving
            }
        case .rationalS(let s, var y):
            y.refine(toWidth: width)
            self = .rationalS(s: s, y: y)
            return (y.interval, RationalInterval(point: s * s))
        }
    }
}
