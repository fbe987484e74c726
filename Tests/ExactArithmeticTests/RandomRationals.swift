import ExactArithmetic
import Randomness

/// Random test inputs drawn from a seeded generator (never shipped).
extension RandomNumberGenerator {
    /// p/q with |p| ≤ numeratorBound and 1 ≤ q ≤ denominatorBound, sign random.
    mutating func nextRational(numeratorBound: Int = 1000, denominatorBound: Int = 1000) -> Rational {
        let p = nextIndex(below: 2 * numeratorBound + 1) - numeratorBound
        let q = nextIndex(below: denominatorBound) + 1
        return Rational(p) * (Rational(1) / Rational(q) ?? .one)
    }

    /// A rational with a large numerator and denominator (products of several draws).
    mutating func nextLargeRational() -> Rational {
        (0..<2).reduce(Rational.one) { product, _ in
            let factor = nextRational(numeratorBound: 1 << 40, denominatorBound: 1 << 40)
            return product * (factor.isZero ? .one : factor)
        }
    }

    /// A polynomial of the given degree with small random rational coefficients (nonzero lead).
    mutating func nextPolynomial(degree: Int) -> Polynomial {
        var coefficients = (0...degree).map { _ in nextRational(numeratorBound: 20, denominatorBound: 6) }
        if coefficients[degree].isZero { coefficients[degree] = .one }
        return Polynomial(coefficients: coefficients)
    }
}
