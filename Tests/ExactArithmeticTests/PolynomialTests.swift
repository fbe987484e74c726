import ExactArithmetic
import PropertyBased
import Randomness
import Testing

@Suite("Polynomial: exact arithmetic in Q[x] (proofs/two-dimensional.md §4.2)")
struct PolynomialTests {
    @Test("Division with remainder: p = q·d + r, deg r < deg d; exact division recovers a factor")
    func divisionIdentity() async {
        await propertyCheck(count: 150, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let p = rng.nextPolynomial(degree: rng.nextIndex(below: 7))
            let d = rng.nextPolynomial(degree: rng.nextIndex(below: 4))
            guard let (q, r) = p.divided(by: d) else { Issue.record("nonzero divisor refused"); return }
            #expect(q * d + r == p)
            #expect(r.degree < d.degree)
            #expect((p * d).exactlyDivided(by: d) == p)
            #expect(p.divided(by: .zero) == nil)
        }
    }

    @Test("Derivative of x^n is n x^(n-1); product rule on random polynomials")
    func derivative() async {
        #expect(Polynomial.x.power(5).derivative == Polynomial.x.power(4) * Rational(5))
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let p = rng.nextPolynomial(degree: 4), q = rng.nextPolynomial(degree: 3)
            #expect((p * q).derivative == p.derivative * q + p * q.derivative)
            let x = rng.nextRational()
            #expect(p.composed(with: q).evaluated(at: x) == p.evaluated(at: q.evaluated(at: x)))
        }
    }

    @Test("gcd of Π(x - rᵢ) products is the monic product of the common factors; square-free part drops multiplicities")
    func gcdAndSquareFree() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let pool = (0..<5).map { _ in rng.nextRational(numeratorBound: 30, denominatorBound: 7) }
            let distinct = Array(Set(pool))
            let common = Array(distinct.prefix(2)), onlyP = Array(distinct.dropFirst(2).prefix(2)), onlyQ = Array(distinct.dropFirst(4))
            let p = Polynomial(roots: common + onlyP) * Rational(3)
            let q = Polynomial(roots: common + onlyQ + common) * Rational(-2)
            #expect(Polynomial.greatestCommonDivisor(p, q) == Polynomial(roots: common))
            let repeated = Polynomial(roots: pool + [pool[0], pool[1]])
            #expect(repeated.squareFreePart == Polynomial(roots: distinct))
            #expect(repeated.removingRoot(pool[0]) == Polynomial(roots: (pool + [pool[1]]).filter { $0 != pool[0] }))
        }
    }
}
