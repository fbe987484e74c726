import ExactArithmetic
import PropertyBased
import Randomness
import Testing
@testable import Symbolic

@Suite("Compiled evaluation and exact evaluation (proofs/jacobian.md §3.4)")
struct ProgramTests {
    let x = Expression.symbol("x"), y = Expression.symbol("y")

    @Test("The register program agrees with exact evaluation at rational points (§3.4)")
    func programMatchesExactValue() async {
        var compared = 0, drawn = 0
        await propertyCheck(count: 150, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let e = RandomExpression().make(depth: 4, using: &rng).simplified()
            guard let program = try? Program([e], variables: RandomExpression.symbols) else {
                Issue.record("seed \(seed): cannot compile \(e)"); return
            }
            for _ in 0..<4 {
                let point = RandomExpression.exactPoint(using: &rng)
                drawn += 1
                guard let exact = try? e.exactValue(in: point) else { continue }
                compared += 1
                let numeric = program.evaluate(RandomExpression.symbols.map { point[$0]?.doubleApproximation ?? 0 })
                let reference = exact.value.doubleApproximation
                // Each of the ≤ 100 operations rounds once (relative 2⁻⁵³); sums may cancel, so the
                // bound is relative to the evaluation's scale: 1e-9·(1 + |value|) is ~10⁴ roundings.
                #expect(abs(numeric.values[0] - reference) <= 1e-9 * (1 + abs(reference)) || !reference.isFinite,
                        "seed \(seed): \(e.plainText) at \(point): \(numeric.values[0]) vs \(exact.value)")
                // The program reports kinks in every register, also inside factors masked by H = 0,
                // which exact evaluation skips: an exact kink is reported — when its argument is 0 in
                // floating point too. The point's coordinates (squares of p/q, q ≤ 3) need not be
                // binary fractions, so an argument that is exactly 0 may round to ±1e-16 (seed
                // 13057843862393101076: max(−2 + y + 2z, 0)); the argument compiled on its own (the
                // same operations, so the same rounding) says which.
                let reported = Set(numeric.kinks.zeroArguments.map { program.rectifierArguments[$0] })
                let coordinates = RandomExpression.symbols.map { point[$0]?.doubleApproximation ?? 0 }
                for kink in exact.kinks {
                    guard let argument = try? Program([kink], variables: RandomExpression.symbols),
                          argument.evaluate(coordinates).values[0] == 0 else { continue }
                    #expect(reported.contains(kink), "seed \(seed): \(e.plainText), kink \(kink.plainText)")
                }
            }
        }
        #expect(compared * 3 >= drawn, "only \(compared) of \(drawn) draws had an exact value")
    }

    @Test("Shared subexpressions get one register (§3.4)")
    func commonSubexpressionsShareRegisters() throws {
        let shared = sqrt(x * x + .one)
        let program = try Program([shared * y, shared + y], variables: ["x", "y"])
        // x, 1, x², x²+1, √, y, product, sum: 8 registers (the constant 1 once).
        #expect(program.registerCount == 8)
        let values = program.evaluate([0.75, 2]).values
        #expect(values == [2.5, 3.25])
    }

    @Test("Unbound and duplicate variables are refused (§3.4)")
    func refusesBadVariables() {
        #expect(throws: ProgramError.unboundSymbol("y")) { try Program([x + y], variables: ["x"]) }
        #expect(throws: ProgramError.duplicateVariable("x")) { try Program([x], variables: ["x", "x"]) }
    }

    @Test("Exact evaluation: √(4/9) = 2/3, √2 is irrational, 1/0 is refused (§3.4)")
    func exactEvaluation() throws {
        let value = try sqrt(x).exactValue(in: ["x": (Rational(4) / Rational(9)) ?? .zero])
        #expect(value.value == (Rational(2) / Rational(3)))
        #expect(throws: ExactEvaluationError.irrational(sqrt(x))) { try sqrt(x).exactValue(in: ["x": Rational(2)]) }
        #expect(throws: ExactEvaluationError.divisionByZero(x.raised(to: -1))) {
            try x.raised(to: -1).exactValue(in: ["x": .zero])
        }
        let kink = try (ramp(x) + heaviside(y)).exactValue(in: ["x": .zero, "y": .zero])
        #expect(kink.value == .zero)
        #expect(kink.kinks == [x, y])
    }
}
