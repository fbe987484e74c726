import ExactArithmetic
import PropertyBased
import Randomness
import Testing

@Suite("The sign of Q at a root of P, decided exactly (proofs/two-dimensional.md eq. (4.11))")
struct SignAtRootTests {
    @Test("Q sharing a root with P gives exactly 0; elsewhere the sign of Q at the known rational root")
    func rationalRoots() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let roots = Array(Set((0..<4).map { _ in rng.nextRational(numeratorBound: 30, denominatorBound: 7) })).sorted()
            let shared = roots[rng.nextIndex(below: roots.count)]
            // The irreducible quadratic factor keeps P's roots off the exact-rational shortcut path.
            let p = Polynomial(roots: roots) * Polynomial(coefficients: [Rational(2), .zero, .one])
            let q = rng.nextPolynomial(degree: 3) * Polynomial(linearFactorWithRoot: shared)
            guard let isolated = RealRootIsolation.realRoots(of: p) else { return }
            for (root, var number) in zip(roots, isolated) {
                #expect(number.sign(of: q) == q.sign(at: root))
                #expect(number.interval.contains(root))
            }
        }
    }

    @Test("At ±√k: sign(x - t) = sign(±√k - t) from t² vs k; Q = (x² - k)·R gives 0")
    func quadraticIrrationals() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            var k = rng.nextRational(numeratorBound: 50, denominatorBound: 7).magnitude + Rational(1, 10)!
            if k.exactSquareRoot != nil { k += Rational(1, 3)! }
            guard k.exactSquareRoot == nil else { return }
            let quadratic = Polynomial(coefficients: [-k, .zero, .one])
            let p = quadratic * Polynomial(roots: [rng.nextRational(numeratorBound: 9, denominatorBound: 2)])
            let t = rng.nextRational(numeratorBound: 80, denominatorBound: 9)
            guard let isolated = RealRootIsolation.realRoots(of: p) else { return }
            #expect(isolated.count == 3 || isolated.count == 2)
            for var number in isolated {
                guard number.sign(of: quadratic) == 0 else { continue }  // only ±√k
                #expect(number.exactValue == nil)
                var probe = number
                let sign = probe.sign(of: .x)  // which of ±√k this is
                // sign(ρ - t) for ρ = ±√k: compare t with 0 and t² with k.
                let expected: Int
                if sign > 0 { expected = t.signum <= 0 ? 1 : (t * t < k ? 1 : -1) } else { expected = t.signum >= 0 ? -1 : (t * t < k ? -1 : 1) }
                #expect(number.sign(of: Polynomial(coefficients: [-t, .one])) == expected)
                #expect(number.sign(of: quadratic * rng.nextPolynomial(degree: 2)) == 0)
            }
        }
    }
}
