import ExactArithmetic
import PropertyBased
import Randomness
import Testing
@testable import Symbolic

/// Derivative laws checked against central differences of the compiled value.
///
/// Tolerance: the central difference D(h) = (f(x+h) − f(x−h))/(2h) has truncation error
/// ≈ h²|f'''|/6 and rounding error ≈ ε|f|/h, neither known in advance for a random f. The
/// truncation error of D(h/2) is a quarter of D(h)'s, so |D(h) − D(h/2)| ≈ 3× the error of
/// D(h/2) (Richardson). The test accepts
///     |f'_symbolic − D(h/2)| ≤ 4|D(h) − D(h/2)| + 1e-7·(1 + |f| + |f'|),   h = 1e-4·max(1, |x|),
/// the second term covering rounding (ε/h ≈ 2e-12 relative, with margin). A wrong rule (a
/// missing factor, a wrong exponent) changes f' by O(|f'|) and fails; points where f is not
/// finite or > 1e6, or within 1e-3 of a rectifier kink, are skipped, and at least a third
/// of the points must be usable.
@Suite("Exact differentiation (proofs/jacobian.md eqs. (3.1)–(3.3))")
struct DerivativeTests {
    @Test("Sum rule (g + h)' = g' + h' agrees with central differences (eq. 3.1)")
    func sumRule() async {
        await checkRule { g, h in Simplifier().sum([g, h]) }
    }

    @Test("Product rule (g·h)' = g'h + gh' agrees with central differences (eq. 3.1)")
    func productRule() async {
        await checkRule { g, h in Simplifier().product([g, h]) }
    }

    @Test("Power and chain rule (g^p)' = p g^(p-1) g' agrees with central differences (eq. 3.2)")
    func powerRule() async {
        await checkRule { g, h in Simplifier().power(Simplifier().sum([g, h]), Rational(3)) }
        await checkRule { g, _ in Simplifier().power(g, Rational(-2)) }
    }

    @Test("Square root (√g)' = g'/(2√g) agrees with central differences (eq. 3.2)")
    func squareRootRule() async {
        await checkRule { g, h in sqrt(Simplifier().sum([g.raised(to: 2), h.raised(to: 2), .one])) }
    }

    @Test("Random expressions with max(·,0) and H: derivative agrees with central differences (eqs. 3.1–3.3)")
    func randomExpressions() async {
        await checkRule(allowRectifiers: true) { g, h in Simplifier().product([g, Simplifier().sum([h, .one])]) }
    }

    @Test("max(u,0)' = H(u)u'; at u = 0 the kink is reported and H(0) = 0 is used (eq. 3.3)")
    func rampDerivativeAtKink() throws {
        let x = Expression.symbol("x")
        let f = ramp(x * x - .integer(1))
        let derivative = f.derivative(withRespectTo: "x")
        #expect(derivative == Expression.integer(2) * x * heaviside(x * x - .integer(1)))
        let program = try Program([derivative], variables: ["x"])
        let atKink = program.evaluate([1.0])
        #expect(atKink.values == [0.0])
        #expect(atKink.kinks.zeroArguments == [0])
        let away = program.evaluate([1.5])
        #expect(away.values == [3.0])
        #expect(away.kinks.isEmpty)
    }

    @Test("d/da √max(a,0) = H(a)/(2√max(a,0)) is 0, not NaN, for a < 0 (masked product, §3.4)")
    func maskedDerivativeBelowZero() throws {
        let a = Expression.symbol("a")
        let derivative = sqrt(ramp(a)).derivative(withRespectTo: "a")
        let program = try Program([derivative], variables: ["a"])
        #expect(program.evaluate([-0.5]).values == [0.0])
        #expect(program.evaluate([0.25]).values == [1.0])
        #expect(program.evaluate([0.0]).kinks.zeroArguments == [0])
    }

    /// Draws g, h from the generator, builds f = combine(g, h), and compares ∂f/∂x with
    /// central differences at random points x, y, z in [0.3, 2].
    private func checkRule(allowRectifiers: Bool = false,
                           _ combine: @escaping @Sendable (Expression, Expression) -> Expression) async {
        var compared = 0, drawn = 0
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let generator = RandomExpression(allowRectifiers: allowRectifiers)
            let f = combine(generator.make(depth: 3, using: &rng), generator.make(depth: 3, using: &rng))
            let derivative = f.derivative(withRespectTo: "x")
            guard let program = try? Program([f, derivative] + f.rectifierArguments, variables: RandomExpression.symbols)
            else { Issue.record("seed \(seed): cannot compile"); return }
            for _ in 0..<3 {
                drawn += 1
                var point = (0..<3).map { _ in rng.nextUniform(0.3, 2) }
                let values = program.evaluate(point).values
                let (value, slope) = (values[0], values[1])
                guard value.isFinite, slope.isFinite, abs(value) < 1e6,
                      values.dropFirst(2).allSatisfy({ abs($0) > 1e-3 }) else { continue }
                let h = 1e-4 * max(1, abs(point[0]))
                func difference(_ step: Double) -> Double {
                    let x0 = point[0]
                    point[0] = x0 + step
                    let up = program.evaluate(point).values[0]
                    point[0] = x0 - step
                    let down = program.evaluate(point).values[0]
                    point[0] = x0
                    return (up - down) / (2 * step)
                }
                let coarse = difference(h), fine = difference(h / 2)
                guard coarse.isFinite, fine.isFinite else { continue }
                compared += 1
                let tolerance = 4 * abs(coarse - fine) + 1e-7 * (1 + abs(value) + abs(slope))
                #expect(abs(slope - fine) <= tolerance,
                        "seed \(seed): d/dx \(f.plainText) = \(derivative.plainText) at \(point): \(slope) vs \(fine)")
            }
        }
        #expect(compared * 3 >= drawn, "only \(compared) of \(drawn) points were usable")
    }
}
