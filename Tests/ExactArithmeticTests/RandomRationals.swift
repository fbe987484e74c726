import ExactArithmetic
import Randomness
import Testing

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

/// The generators' promises, which the exact-arithmetic properties rely on.
@Suite("ExactArithmetic test generators")
struct RandomRationalGeneratorTests {
    @Test("nextRational stays within its bounds and reaches both signs; nextPolynomial has the requested degree; nextLargeRational is nonzero and large")
    func bounds() {
        var rng = Xoshiro256StarStar(seed: 99)
        var signs: Set<Int> = []
        for _ in 0..<500 {
            let r = rng.nextRational(numeratorBound: 7, denominatorBound: 5)
            #expect(r.numerator.magnitude <= 7 && r.denominator >= 1 && r.denominator <= 5, "\(r)")
            signs.insert(r.isZero ? 0 : r > .zero ? 1 : -1)
        }
        #expect(signs == [-1, 0, 1])
        for degree in 0...6 {
            let p = rng.nextPolynomial(degree: degree)
            #expect(p.degree == degree && !p.leadingCoefficient.isZero)
        }
        for _ in 0..<50 {
            let r = rng.nextLargeRational()
            #expect(!r.isZero)
        }
        // Products of two draws with 40-bit parts: most have a numerator or denominator beyond 2⁴⁰.
        let large = (0..<50).filter { _ in
            let r = rng.nextLargeRational()
            return r.numerator.magnitude > (1 << 40) || r.denominator > (1 << 40)
        }
        #expect(large.count >= 25)
    }
}
