import BigInt

extension Rational: Comparable {
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
}

extension Rational {
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == rhs.denominator {
            return Rational(unchecked: lhs.numerator + rhs.numerator, lhs.denominator)
        }
        return Rational(unchecked: lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
                        lhs.denominator * rhs.denominator)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        lhs + (-rhs)
    }

    public static prefix func - (value: Rational) -> Rational {
        Rational(unchecked: -value.numerator, value.denominator)
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(unchecked: lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// Exact quotient; `nil` when the divisor is zero (BigInt would trap).
    public static func / (lhs: Rational, rhs: Rational) -> Rational? {
        guard !rhs.isZero else { return nil }
        return Rational(unchecked: lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }
    public static func *= (lhs: inout Rational, rhs: Rational) { lhs = lhs * rhs }

    /// x^k for any integer k; `nil` for 0^k with k < 0.
    public func power(_ exponent: Int) -> Rational? {
        if exponent < 0 {
            guard let inverse = reciprocal else { return nil }
            return inverse.power(-exponent)
        }
        return Rational(unchecked: numerator.power(exponent), denominator.power(exponent))
    }

    /// The exact square root when this is the square of a rational, else `nil`.
    public var exactSquareRoot: Rational? {
        guard signum >= 0 else { return nil }
        let p = numerator.magnitude.squareRoot(), q = denominator.magnitude.squareRoot()
        guard p * p == numerator.magnitude, q * q == denominator.magnitude else { return nil }
        return Rational(unchecked: BigInt(p), BigInt(q))
    }

    /// Midpoint (a + b)/2.
    public static func midpoint(_ a: Rational, _ b: Rational) -> Rational {
        Rational(unchecked: a.numerator * b.denominator + b.numerator * a.denominator,
                 2 * a.denominator * b.denominator)
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    /// An integer literal n as n/1, so `4 * x` reads as written.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
