import ExactArithmetic
import PropertyBased
import Randomness
import Testing

@Suite("Sturm sequences and real-root isolation (proofs/two-dimensional.md eqs. (4.8)–(4.9))")
struct SturmSequenceTests {
    /// Π (x - rᵢ)^mᵢ times an irreducible quadratic (no real roots), with random rᵢ and mᵢ ∈ 1...3.
    private func product(_ rng: inout Xoshiro256StarStar) -> (polynomial: Polynomial, distinctRoots: [Rational]) {
        let count = rng.nextIndex(below: 5)
        let roots = (0..<count).map { _ in rng.nextRational(numeratorBound: 40, denominatorBound: 5) }
        var factors = [Rational]()
        for root in roots { factors += Array(repeating: root, count: 1 + rng.nextIndex(below: 2)) }
        let positive = Polynomial(coefficients: [Rational(1 + rng.nextIndex(below: 5)), .zero, .one])
        return (Polynomial(roots: factors) * positive * Rational(-7, 3)!, Array(Set(roots)).sorted())
    }

    @Test("Sturm count = number of distinct real roots of Π(x - rᵢ)^mᵢ, on the line and on (a, b]")
    func countsDistinctRoots() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let (p, roots) = product(&rng)
            let sturm = SturmSequence(p)
            #expect(sturm.realRootCount == roots.count)
            let a = rng.nextRational(numeratorBound: 40, denominatorBound: 9)
            let b = a + rng.nextRational(numeratorBound: 40, denominatorBound: 3).magnitude + Rational(1, 100)!
            let inside = roots.filter { a < $0 && $0 <= b }.count
            #expect(sturm.rootCount(in: a, b) == inside)
            if let root = roots.first { #expect(sturm.rootCount(in: root, root + 1) == roots.filter { root < $0 && $0 <= root + 1 }.count) }
        }
    }

    @Test("Isolating intervals are disjoint, ascending, and each contains exactly one known root")
    func isolationContainsKnownRoots() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let (p, roots) = product(&rng)
            guard let isolated = RealRootIsolation.realRoots(of: p) else { Issue.record("nonzero refused"); return }
            #expect(isolated.count == roots.count)
            // An isolating interval is a point or the half-open (lower, upper].
            func isolates(_ number: RealAlgebraicNumber, _ x: Rational) -> Bool {
                number.isExact ? number.exactValue == x : (number.interval.lower < x && x <= number.interval.upper)
            }
            for (root, var number) in zip(roots, isolated) {
                #expect(isolates(number, root))
                #expect(roots.filter { isolates(number, $0) } == [root])
                number.refine(toWidth: Rational(1, 1_000_000)!)
                #expect(number.interval.contains(root) && number.interval.width <= Rational(1, 1_000_000)!)
            }
            for (left, right) in zip(isolated, isolated.dropFirst()) {
                #expect(left.interval.upper <= right.interval.lower)
            }
            #expect(RealRootIsolation.positiveRoots(of: p).count == roots.filter { $0 > 0 }.count)
        }
    }

    @Test("Irrational roots: x^2 - k (k not a square) has two isolated roots ±√k, bracketed by squares")
    func irrationalRoots() {
        let k = Rational(7, 3)!
        guard let roots = RealRootIsolation.realRoots(of: Polynomial(coefficients: [-k, .zero, .one])) else { return }
        #expect(roots.count == 2)
        for var root in roots {
            root.refine(toWidth: Rational(1, 1 << 20)!)
            #expect(root.interval.lower * root.interval.lower != k)
            #expect(root.interval.squared.contains(k))
        }
    }
}
