import ExactArithmetic
import ExactStability
import Testing

/// Closed forms of the special cases of proofs/two-dimensional.md §4.3.
@Suite("Special cases of the 2D fixed points: b z = 0, w = 0, w_r = 0, w_r = 1, g = 0, continuum")
struct SpecialCaseTests {
    typealias T = TestCircuits

    @Test("Done criterion: w_r = 1/2, w = 1, b z = -1/2, c = 1/20 has one fixed point, a stable focus")
    func issueExample() throws {
        let circuit = try Circuit2D(recurrentWeight: T.r(1, 2), normalizationWeight: 1, b: T.r(1, 2), z: -1,
                                    b0: T.r(1, 2), sigma: T.r(1, 10), tauY: T.r(1, 500), tauA: T.r(1, 500))
        let analysis = ExactAnalyzer2D.analyze(circuit)
        #expect(analysis.fixedPoints.map(\.classification) == [.stableFocus])
        #expect(analysis.fixedPoints.first?.isOnNormalizationBranch == true)
        #expect(analysis.theorem == .proved(branchExists: true, confirmedByExactSigns: true))
    }

    @Test("w_r = 1: the normalization equation a = c² + w (b z)², y = b z/√a (MATH.md §1)")
    func unitRecurrenceClosedForm() throws {
        for (w, input, c) in [(T.r(1), T.r(1, 2), T.r(1, 10)), (T.r(3, 2), T.r(-2), T.r(1, 3)), (T.r(0), T.r(5), T.r(2))] {
            guard let circuit = T.circuit(wr: 1, w: w, input: input, c: c) else { Issue.record("refused"); continue }
            let points = ExactAnalyzer2D.analyze(circuit).fixedPoints
            let a = c * c + w * input * input
            #expect(points.count == 1)
            guard let point = points.first else { continue }
            #expect(point.aEnclosure.contains(a))
            #expect(point.yEnclosure.squared.contains(T.ratio(input * input, a)))
            #expect(point.yEnclosure.lower.signum == input.signum && point.classification.isStable)
        }
    }

    @Test("w = 0: a = c², y = b z / g(c); no fixed point when g(c) = 0 and b z ≠ 0")
    func zeroNormalizationWeight() {
        guard let circuit = T.circuit(wr: 3, w: 0, input: T.r(1, 4), c: T.r(1, 2)),
              let singular = T.circuit(wr: 2, w: 0, input: T.r(1, 4), c: T.r(1, 2)) else { Issue.record("refused"); return }
        let points = ExactAnalyzer2D.analyze(circuit).fixedPoints  // g(1/2) = 1 - 3 + 3/2 = -1/2
        #expect(points.count == 1)
        #expect(points.first?.aEnclosure == RationalInterval(point: T.r(1, 4)))
        #expect(points.first?.yEnclosure.contains(T.r(-1, 2)) == true)
        #expect(points.first?.gSign == -1 && points.first?.classification == .saddle)
        #expect(ExactAnalyzer2D.analyze(singular).fixedPoints.isEmpty)  // g(1/2) = 0
    }

    @Test("w_r = 0: y = b z, a = c²/(1 - w (b z)²), and no fixed point when w (b z)² ≥ 1")
    func zeroRecurrence() {
        guard let circuit = T.circuit(wr: 0, w: 2, input: T.r(1, 2), c: T.r(1, 3)),
              let none = T.circuit(wr: 0, w: 4, input: T.r(1, 2), c: T.r(1, 3)) else { Issue.record("refused"); return }
        let points = ExactAnalyzer2D.analyze(circuit).fixedPoints
        #expect(points.count == 1)
        #expect(points.first?.yEnclosure.contains(T.r(1, 2)) == true)
        #expect(points.first?.aEnclosure.contains(T.r(2, 9)) == true)  // (1/9)/(1 - 1/2)
        #expect(ExactAnalyzer2D.analyze(none).fixedPoints.isEmpty)
    }

    @Test("b z = 0, w_r = 3, w = 1, c = 1/10: saddle at y = 0 between y = ±√391/20 at s = 2/3 (g = 0)")
    func zeroInputThreePoints() {
        guard let circuit = T.circuit(wr: 3, w: 1, input: 0, c: T.r(1, 10)) else { Issue.record("refused"); return }
        let points = ExactAnalyzer2D.analyze(circuit).fixedPoints
        #expect(points.count == 3)
        guard points.count == 3 else { return }
        #expect(points[1].yEnclosure == RationalInterval(point: .zero) && points[1].classification == .saddle)
        for point in [points[0], points[2]] {
            #expect(point.yEnclosure.squared.contains(T.r(391, 400)) && point.gSign == 0)
            #expect(point.aEnclosure == RationalInterval(point: T.r(4, 9)))
            #expect(point.determinantSign == 1 && point.traceSign == -1)
        }
        #expect(points[0].yEnclosure.upper.signum < 0 && points[2].yEnclosure.lower.signum > 0)
    }

    @Test("b z = 0, w = 0, g(c) = 0: a continuum of fixed points is reported as non-isolated")
    func continuum() {
        for variant in Circuit2D.Variant.allCases {
            guard let circuit = T.circuit(variant, wr: 2, w: 0, input: 0, c: T.r(1, 2)) else { Issue.record("refused"); continue }
            let analysis = ExactAnalyzer2D.analyze(circuit)
            #expect(analysis.isNonIsolated && analysis.fixedPoints.isEmpty)
        }
    }

    @Test("Rectified: y = b z < 0 at a = c² is a stable node; y = 0 is a kink unless w_r (1 - c) = 0")
    func rectified() {
        guard let negative = T.circuit(.rectified, wr: T.r(1, 2), w: 1, input: T.r(-1, 2), c: T.r(1, 10), tauY: 1, tauA: 2),
              let kink = T.circuit(.rectified, wr: T.r(1, 2), w: 1, input: 0, c: T.r(1, 10)),
              let smooth = T.circuit(.rectified, wr: 0, w: 1, input: 0, c: T.r(1, 10)) else { Issue.record("refused"); return }
        let points = ExactAnalyzer2D.analyze(negative).fixedPoints
        #expect(points.count == 1 && points.first?.classification == .stableNode)
        #expect(points.first?.yEnclosure == RationalInterval(point: T.r(-1, 2)) && points.first?.isOnNormalizationBranch == true)
        #expect(ExactAnalyzer2D.analyze(kink).fixedPoints.map(\.classification) == [.nonDifferentiable])
        #expect(ExactAnalyzer2D.analyze(smooth).fixedPoints.map(\.classification) == [.stableNode])
    }

    @Test("Decimals are within 10^-K of the exact value (enclosure width ≤ 10^-K)")
    func decimalsGuaranteed() throws {
        guard let circuit = T.circuit(wr: 3, w: 1, input: T.r(1, 100), c: T.r(1, 10)) else { Issue.record("refused"); return }
        for digits in [0, 3, 15] {
            let unit = Rational(10).power(-digits) ?? .one
            for point in ExactAnalyzer2D.analyze(circuit, options: ExactAnalysisOptions(digits: digits)).fixedPoints {
                let y = try Rational(parsing: point.yDecimal), a = try Rational(parsing: point.aDecimal)
                #expect(point.yEnclosure.width <= unit && point.aEnclosure.width <= unit)
                #expect((y - point.yEnclosure.lower).magnitude <= unit && (y - point.yEnclosure.upper).magnitude <= unit)
                #expect((a - point.aEnclosure.lower).magnitude <= unit && (a - point.aEnclosure.upper).magnitude <= unit)
            }
        }
    }
}
