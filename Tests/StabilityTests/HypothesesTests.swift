import ComplexModule
import LinearAlgebra
import Randomness
import RealModule
import Stability
import Testing

/// Theorem 1's hypotheses matter (MATH.md §3; proofs/theorem1.md, remark after eq. 5.8):
/// with a negative entry in W the closed-form fixed point a = c² + W(b∘z)² (still a fixed
/// point whenever every a_i > 0) can be unstable.
@Suite("Theorem 1 hypotheses (proofs/theorem1.md)")
struct HypothesesTests {
    /// A small circuit whose W has Gaussian entries (so negative ones), seeded.
    static func circuitWithSignedWeights(using rng: inout some RandomNumberGenerator) -> PaperCircuit {
        let n = 2 + rng.nextIndex(below: 3)
        var w = ColumnMajorMatrix(rows: n, columns: n)
        let scale = rng.nextLogUniform(0.1, 10)
        for k in w.elements.indices { w.elements[k] = scale * rng.nextGaussian() }
        return PaperCircuit(n: n, w: w,
                            b: (0..<n).map { _ in rng.nextUniform(-2, 2) }, z: (0..<n).map { _ in rng.nextUniform(-2, 2) },
                            cSquared: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1) },
                            tauY: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) },
                            tauA: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) })
    }

    @Test("Deterministic search: W with negative entries yields unstable closed-form fixed points")
    func negativeWeightsCanDestabilize() throws {
        let master: UInt64 = 20_251_129
        var searched = 0, admissible = 0, unstable = 0
        for index in 0..<400 {
            var rng = Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: master, index: UInt64(index)))
            let circuit = HypothesesTests.circuitWithSignedWeights(using: &rng)
            searched += 1
            guard circuit.w.elements.contains(where: { $0 < 0 }), let (y, a) = circuit.closedFormFixedPoint() else { continue }
            admissible += 1
            let jacobian = circuit.jacobian(y: y, a: a)
            let spectrum = try Spectrum(jacobian: jacobian)
            guard spectrum.verdict == .unstable else { continue }
            unstable += 1
            // The certificate must agree: an unstable J is never certified (eq. 6.11).
            #expect(try !LyapunovCertificate(jacobian: jacobian).isCertified)
        }
        print("Hypotheses: \(searched) circuits with signed W, \(admissible) with a > 0, \(unstable) unstable")
        #expect(unstable >= 1)
    }

    /// The first unstable circuit of the search above (index 24), kept as literal values.
    @Test("Counterexample: n = 2 with W₁₂ < 0 has an unstable closed-form fixed point (α ≈ 12.2 1/s)")
    func literalCounterexample() throws {
        let circuit = PaperCircuit(
            n: 2,
            w: try ColumnMajorMatrix(rowMajor: [[0.9234113375118426, -1.00708981017001],
                                                [0.478117640157146, 0.23032521904859046]]),
            b: [1.498866131022575, 0.13433415248589275], z: [-0.30653648605232053, -1.1270034371819508],
            cSquared: [0.0025331787135213584, 0.006122607030049437],
            tauY: [0.030978099974079396, 0.008353395340060629], tauA: [0.0027133948137177608, 0.053845838761704665])
        let (y, a) = try #require(circuit.closedFormFixedPoint())
        // Still a fixed point: a > 0 and F = 0 to rounding.
        #expect(a.allSatisfy { $0 > 0 })
        #expect(infinityNorm(circuit.residual(y: y, a: a, recurrent: ColumnMajorMatrix.identity(2))) <= 1e-14)
        let jacobian = circuit.jacobian(y: y, a: a)
        let spectrum = try Spectrum(jacobian: jacobian, options: SpectrumOptions(conditionNumbers: true))
        #expect(spectrum.verdict == .unstable)
        #expect(spectrum.spectralAbscissa.isApproximatelyEqual(to: 12.217296326032697, relativeTolerance: 1e-8))
        #expect(try LyapunovCertificate(jacobian: jacobian).status.name == "refuted")
    }
}
