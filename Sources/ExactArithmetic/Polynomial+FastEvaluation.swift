import BigInt

/// p/q with q > 0 and no reduction: Horner's rule on these costs a few big-integer
/// multiplications per step and no gcd, which dominates the cost of reduced `Rational`
/// arithmetic. Used only inside polynomial evaluation, then reduced once.
private struct UnreducedFraction {
    var numerator: BigInt
    var denominator: BigInt

    init(_ value: Rational) {
        numerator = value.numerator
        denominator = value.denominator
    }

    init(numerator: BigInt, denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }

    static func + (lhs: UnreducedFraction, rhs: UnreducedFraction) -> UnreducedFraction {
        if lhs.denominator == rhs.denominator {
            return UnreducedFraction(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator)
        }
        return UnreducedFraction(numerator: lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
                                 denominator: lhs.denominator * rhs.denominator)
    }

    static func * (lhs: UnreducedFraction, rhs: UnreducedFraction) -> UnreducedFraction {
        UnreducedFraction(numerator: lhs.numerator * rhs.numerator, denominator: lhs.denominator * rhs.denominator)
    }

    /// a/b < c/d ⟺ a d < c b (b, d > 0).
    static func < (lhs: UnreducedFraction, rhs: UnreducedFraction) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    var signum: Int { numerator.isZero ? 0 : (numerator.sign == .minus ? -1 : 1) }

    /// The reduced rational (the denominator is positive by construction).
    var reduced: Rational { Rational(numerator, denominator) ?? .zero }
}

extension Polynomial {
    /// Σ aᵢ bᵢ exactly, accumulated unreduced and reduced once.
    static func sumOfProducts(_ pairs: [(Rational, Rational)]) -> Rational {
        var sum = UnreducedFraction(numerator: 0, denominator: 1)
        for (a, b) in pairs where !a.isZero && !b.isZero {
            sum = sum + UnreducedFraction(a) * UnreducedFraction(b)
        }
        return sum.reduced
    }

    /// p(x) exactly, by Horner's rule on unreduced fractions (one gcd at the end).
    public func evaluated(at x: Rational) -> Rational {
        horner(at: x).reduced
    }

    /// Sign of p(x): -1, 0 or +1, exactly, without any gcd.
    public func sign(at x: Rational) -> Int { horner(at: x).signum }

    private func horner(at x: Rational) -> UnreducedFraction {
        let point = UnreducedFraction(x)
        var accumulator = UnreducedFraction(numerator: 0, denominator: 1)
        for c in coefficients.reversed() {
            accumulator = accumulator * point + UnreducedFraction(c)
        }
        return accumulator
    }

    /// An interval containing { p(x) : x ∈ interval }, by Horner's rule in interval
    /// arithmetic (proofs/two-dimensional.md eq. (4.10)); exact, and the point value for
    /// a point interval. Each step: [l, u]·[a, b] = [min, max] of the four products.
    public func enclosure(on interval: RationalInterval) -> RationalInterval {
        if interval.isPoint { return RationalInterval(point: evaluated(at: interval.lower)) }
        let a = UnreducedFraction(interval.lower), b = UnreducedFraction(interval.upper)
        var lower = UnreducedFraction(numerator: 0, denominator: 1), upper = lower
        for c in coefficients.reversed() {
            let products = [lower * a, lower * b, upper * a, upper * b]
            var low = products[0], high = products[0]
            for product in products.dropFirst() {
                if product < low { low = product }
                if high < product { high = product }
            }
            let constant = UnreducedFraction(c)
            lower = low + constant
            upper = high + constant
        }
        return RationalInterval(lower.reduced, upper.reduced)
    }
}
