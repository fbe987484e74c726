import ExactArithmetic
import ExactStability
import PropertyBased
import Randomness
import Testing

@Suite("Trace, determinant and discriminant formulas (proofs/two-dimensional.md eqs. (4.5)–(4.7))")
struct InvariantFormulaTests {
    @Test("N_T, N_D, N_Δ and the scaled invariants equal s²τ_yτ_a T, s²g²τ_yτ_a D, s⁴g²(τ_yτ_a)²Δ of the MATH.md §2 Jacobian at a constructed rational fixed point")
    func formulasMatchJacobian() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            // Choose the fixed point (s, y) and c, w_r; solve the fixed-point equations for w and b z.
            let s = rng.nextGridRational(0, 4, denominator: 7) + TestCircuits.r(1, 13)
            var y = rng.nextGridRational(-3, 3, denominator: 5)
            if y.isZero { y = TestCircuits.r(2, 3) }
            let wr = rng.nextGridRational(-2, 4, denominator: 3)
            let c = rng.nextGridRational(0, 2, denominator: 9) + TestCircuits.r(1, 17)
            let g = 1 - wr + wr * s
            guard !g.isZero else { return }
            let w = TestCircuits.ratio(1 - TestCircuits.ratio(c * c, s * s), y * y)  // s²(1 - w y²) = c²
            let tauY = rng.nextGridRational(0, 3, denominator: 4) + TestCircuits.r(1, 10)
            let tauA = rng.nextGridRational(0, 3, denominator: 4) + TestCircuits.r(1, 10)
            guard let circuit = TestCircuits.circuit(wr: wr, w: w, input: y * g, c: c, tauY: tauY, tauA: tauA) else {
                Issue.record("valid parameters refused"); return
            }
            #expect(circuit.fixedPointQuartic.evaluated(at: s) == .zero)
            // MATH.md §2 with n = 1, written out independently of the library:
            let j11 = TestCircuits.ratio(-1 + (1 - s) * wr, tauY)
            let j12 = TestCircuits.ratio(-(wr * y), 2 * s * tauY)
            let j21 = TestCircuits.ratio(2 * w * s * s * y, tauA)
            let j22 = TestCircuits.ratio(-1 + w * y * y, tauA)
            let trace = j11 + j22, determinant = j11 * j22 - j12 * j21
            let discriminant = trace * trace - 4 * determinant
            let scale = tauY * tauA
            #expect(circuit.traceNumerator.evaluated(at: s) == s * s * scale * trace)
            #expect(circuit.determinantNumerator.evaluated(at: s) == s * s * g * g * scale * determinant)
            #expect(circuit.discriminantNumerator.evaluated(at: s) == s * s * s * s * g * g * scale * scale * discriminant)
            let scaled = circuit.scaledInvariants(s: s, ySquared: y * y)
            #expect(scaled.trace == scale * trace && scaled.determinant == scale * determinant)
            #expect(scaled.discriminant == scale * scale * discriminant)
            // The analyzer finds this fixed point and classifies it by the Jacobian's signs.
            let analysis = ExactAnalyzer2D.analyze(circuit)
            let matches = analysis.fixedPoints.filter { $0.yEnclosure.contains(y) && $0.aEnclosure.contains(s * s) }
            #expect(matches.count == 1)
            if let point = matches.first {
                #expect(point.classification == FixedPointClass(traceSign: trace.signum, determinantSign: determinant.signum,
                                                                 discriminantSign: discriminant.signum))
                #expect(point.traceSign == trace.signum && point.determinantSign == determinant.signum)
                #expect(point.discriminantSign == discriminant.signum && point.gSign == g.signum)
            }
        }
    }

    @Test("Classification table of MATH.md §4 on every sign triple")
    func classificationTable() {
        #expect(FixedPointClass(traceSign: -1, determinantSign: -1, discriminantSign: 1) == .saddle)
        #expect(FixedPointClass(traceSign: 1, determinantSign: 0, discriminantSign: 1) == .nonHyperbolic)
        #expect(FixedPointClass(traceSign: 0, determinantSign: 1, discriminantSign: -1) == .nonHyperbolic)
        #expect(FixedPointClass(traceSign: -1, determinantSign: 1, discriminantSign: 0) == .stableNode)
        #expect(FixedPointClass(traceSign: -1, determinantSign: 1, discriminantSign: -1) == .stableFocus)
        #expect(FixedPointClass(traceSign: 1, determinantSign: 1, discriminantSign: 1) == .unstableNode)
        #expect(FixedPointClass(traceSign: 1, determinantSign: 1, discriminantSign: -1) == .unstableFocus)
    }
}
