import Foundation
import ExactArithmetic
import ExactStability
import PropertyBased
import Randomness
import Testing

/// An independent floating-point route: Newton on the 2D system from a grid of starts, and
/// the closed-form eigenvalues of the 2×2 Jacobian of MATH.md §2.
private struct FloatingCircuit {
    let wr, w, input, cSquared, tauY, tauA: Double

    /// F(y, s) with a = s²: F_y = -y + b z + (1 - s) w_r y, F_a = -s² + c² + w s² y².
    func residual(_ y: Double, _ s: Double) -> (Double, Double) {
        (-y + input + (1 - s) * wr * y, -s * s + cSquared + w * s * s * y * y)
    }

    /// Newton in (y, s); `nil` unless it converges to a point with s > 0.
    func newton(y start: Double, s startS: Double) -> (y: Double, s: Double)? {
        var y = start, s = startS
        for _ in 0..<80 {
            let (f1, f2) = residual(y, s)
            if abs(f1) + abs(f2) < 1e-13 * (1 + abs(y) + s * s) { return s > 0 ? (y, s) : nil }
            let a11 = -1 + (1 - s) * wr, a12 = -wr * y, a21 = 2 * w * s * s * y, a22 = -2 * s + 2 * w * s * y * y
            let det = a11 * a22 - a12 * a21
            guard det != 0, det.isFinite else { return nil }
            y -= (a22 * f1 - a12 * f2) / det
            s -= (a11 * f2 - a21 * f1) / det
            guard y.isFinite, s.isFinite, abs(y) < 1e6, abs(s) < 1e6 else { return nil }
        }
        return nil
    }

    /// Class from the eigenvalues λ = (T ± √(T² - 4D))/2 of the §2 Jacobian, and whether
    /// |T|, |D|, |Δ| clear a relative margin (else the floating verdict is not trusted).
    func classify(y: Double, s: Double, margin: Double) -> (FixedPointClass, clear: Bool) {
        let j11 = (-1 + (1 - s) * wr) / tauY, j12 = -(wr * y) / (2 * s) / tauY
        let j21 = 2 * w * s * s * y / tauA, j22 = (-1 + w * y * y) / tauA
        let trace = j11 + j22, det = j11 * j22 - j12 * j21, disc = trace * trace - 4 * det
        let clear = abs(trace) > margin * (abs(j11) + abs(j22)) && abs(det) > margin * (abs(j11 * j22) + abs(j12 * j21))
            && abs(disc) > margin * (trace * trace + 4 * abs(det))
        let kind: FixedPointClass
        if disc >= 0 {
            let root = disc.squareRoot(), high = (trace + root) / 2, low = (trace - root) / 2
            kind = high < 0 ? .stableNode : (low > 0 ? .unstableNode : .saddle)
        } else {
            kind = trace < 0 ? .stableFocus : .unstableFocus
        }
        return (kind, clear)
    }
}

@Suite("Exact verdicts vs floating-point Newton + closed-form eigenvalues (STYLE.md: agree away from the boundary)")
struct FloatingPointCrossCheckTests {
    /// The relative margin |T|, |D|, |Δ| must clear before the floating class is trusted. D = 0 is
    /// a double root of F, which Newton (stopping at a residual of 1e-13) locates only to about
    /// √1e-13 ≈ 3e-7, so D at the floating root is off by that much relative: 1e-4 is ≈ 300× it.
    /// (With 1e-6, seed 1662600534129199551 compared a root 2.4e-7 from the exact saddle-node
    /// y = 1, a = 1/64 and called it an unstable node.)
    static let margin = 1e-4

    @Test("regression (seed 1662600534129199551): the floating root 2.4e-7 from an exact saddle-node does not clear the margin")
    func saddleNodeIsInsideTheMargin() {
        // w_r = 2, w = 3/4, b z = −3/4, c = 1/16, τ_y = 1/8, τ_a = 15/8: exact fixed point y = 1, a = 1/64, non-hyperbolic.
        let floating = FloatingCircuit(wr: 2, w: 0.75, input: -0.75, cSquared: 1.0 / 256, tauY: 0.125, tauA: 1.875)
        guard let root = floating.newton(y: 1.2, s: 0.2) else { Issue.record("Newton did not converge"); return }
        #expect(abs(root.y - 1) < 1e-5 && abs(root.s - 0.125) < 1e-5, "root \(root)")
        #expect(!floating.classify(y: root.y, s: root.s, margin: Self.margin).clear)
    }

    @Test("Random rational circuits: same number of fixed points and same classes when every |T|, |D|, |Δ| clears the margin")
    func exactAgreesWithFloatingPoint() async {
        let box = 8.0
        var compared = 0, insideMargin = 0, outsideBox = 0
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let wr = rng.nextGridRational(-1, 3, denominator: 4), w = rng.nextGridRational(-1, 2, denominator: 4)
            let input = rng.nextGridRational(-2, 2, denominator: 4), c = rng.nextGridRational(0, 1, denominator: 8) + TestCircuits.r(1, 16)
            let tauY = rng.nextGridRational(0, 2, denominator: 4) + TestCircuits.r(1, 8)
            let tauA = rng.nextGridRational(0, 2, denominator: 4) + TestCircuits.r(1, 8)
            guard let circuit = TestCircuits.circuit(wr: wr, w: w, input: input, c: c, tauY: tauY, tauA: tauA) else { return }
            let exact = ExactAnalyzer2D.analyze(circuit, options: ExactAnalysisOptions(digits: 8))
            guard !exact.isNonIsolated else { return }
            let ys = exact.fixedPoints.map(\.yEnclosure.midpoint.doubleApproximation)
            let ss = exact.fixedPoints.map { $0.aEnclosure.midpoint.doubleApproximation.squareRoot() }
            guard ys.allSatisfy({ abs($0) < box / 2 }), ss.allSatisfy({ $0 < box / 2 && $0 > 1e-3 }),
                  zip(ys, ys.dropFirst()).allSatisfy({ $1 - $0 > 1e-3 }) else { outsideBox += 1; return }
            let floating = FloatingCircuit(wr: wr.doubleApproximation, w: w.doubleApproximation, input: input.doubleApproximation,
                                           cSquared: (c * c).doubleApproximation, tauY: tauY.doubleApproximation,
                                           tauA: tauA.doubleApproximation)
            var found: [(y: Double, s: Double)] = []
            for i in 0...16 {
                for j in 0...16 {
                    let y0 = -box + 2 * box * Double(i) / 16, s0 = 1e-3 * pow(box * 1e3, Double(j) / 16)
                    guard let root = floating.newton(y: y0, s: s0), abs(root.y) < box, root.s < box else { continue }
                    if !found.contains(where: { abs($0.y - root.y) < 1e-6 && abs($0.s - root.s) < 1e-6 }) { found.append(root) }
                }
            }
            found.sort { $0.y < $1.y }
            let classes = found.map { floating.classify(y: $0.y, s: $0.s, margin: FloatingPointCrossCheckTests.margin) }
            guard classes.allSatisfy(\.clear) else { insideMargin += 1; return }
            compared += 1
            #expect(found.count == exact.fixedPoints.count, "fixed points: floating \(found.count), exact \(exact.fixedPoints.count)")
            guard found.count == exact.fixedPoints.count else { return }
            #expect(classes.map(\.0) == exact.fixedPoints.map(\.classification))
            for (root, y) in zip(found, ys) { #expect(abs(root.y - y) < 1e-6 * (1 + abs(y))) }
        }
        print("floating cross-check: \(compared) circuits compared, \(insideMargin) inside the margin, \(outsideBox) outside the Newton box")
        #expect(compared > 20)
    }
}
