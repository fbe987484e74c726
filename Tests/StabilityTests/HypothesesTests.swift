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
}
