import CircuitModel
import ComplexModule
import FixedPointSolver
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
@testable import Stability
import Testing
import TestSupport

/// The symmetric arrowhead route with the branch's eigendecomposition of W_r − I instead of its
/// own dsyevd (proofs/structure.md §9.7, "Reusing the branch's eigenbasis"; proofs/newton.md §7.11).
@Suite("Reused eigenbasis: S = c₁I + c₂K takes K's eigenpairs (structure.md §9.7)")
struct ReusedEigenbasisTests {
    /// A random symmetric K: Gaussian, per-index scales over four decades (D G D, so K stays
    /// symmetric), silent indices (zero row and column) and, one time in four, sparse.
    static func symmetricMatrix(order n: Int, using rng: inout Xoshiro256StarStar) -> ColumnMajorMatrix {
        let scale = (0..<n).map { _ in rng.nextBernoulli(0.2) ? 0 : rng.nextLogUniform(1e-2, 1e2) }
        let sparse = rng.nextBernoulli(0.25)
        var k = ColumnMajorMatrix(rows: n, columns: n)
        for j in 0..<n {
            for i in j..<n {
                let value = sparse && rng.nextBernoulli(0.7) ? 0 : scale[i] * scale[j] * rng.nextGaussian()
                k[i, j] = value
                k[j, i] = value
            }
        }
        return k
    }

    /// The fit recovers c₁, c₂ of S = c₁I + c₂K (formed in floating point), its residual stays at
    /// rounding level, and every mapped pair (c₁ + c₂θ_k, q_k) is an eigenpair of S to dsyevd's
    /// accuracy, in ascending order; a perturbation E of S is seen in the residual.
    @Test("affineFit recovers c₁, c₂; (c₁ + c₂θ_k, q_k) are S's eigenpairs in ascending order; a perturbation shows in the residual (structure.md §9.7)")
    func affineFitIsExact() async throws {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 20)
            let k = Self.symmetricMatrix(order: n, using: &rng)
            guard let known = SymmetricEigenbasis(of: k) else { return }
            let c1 = RandomCircuits.signedLogUniform(1e-3, 1e3, using: &rng)
            let c2 = RandomCircuits.signedLogUniform(1e-3, 1e3, using: &rng)
            var s = ColumnMajorMatrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { s[i, j] = (i == j ? c1 : 0) + c2 * k[i, j] } }
            let norm = s.frobeniusNorm
            let e = Double.ulpOfOne
            guard let fit = known.affineFit(to: s) else {
                // Only K without an off-diagonal (c₂ undetermined) may be refused.
                var offDiagonal = false
                for j in 0..<n { for i in 0..<n where i != j && k[i, j] != 0 { offDiagonal = true } }
                #expect(!offDiagonal, "seed \(seed): a fit was refused")
                return
            }
            #expect(fit.residualNorm <= 10 * Double(n) * e * norm, "seed \(seed): residual \(fit.residualNorm) vs ‖S‖ \(norm)")
            #expect(abs(fit.scale - c2) <= 1e3 * Double(n) * e * (abs(c2) + norm / known.frobeniusNorm), "seed \(seed): c₂ \(fit.scale) vs \(c2)")
            let (values, q) = known.affineEigenpairs(shift: fit.shift, scale: fit.scale)
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "seed \(seed): not ascending")
            for column in 0..<n {
                let v = (0..<n).map { q[$0, column] }
                let sv = s.multiply(v)
                let residual = (0..<n).map { sv[$0] - values[column] * v[$0] }
                let size = residual.map { $0 * $0 }.reduce(0, +).squareRoot()
                #expect(size <= 1e2 * Double(n) * e * norm, "seed \(seed): pair \(column) residual \(size), ‖S‖ \(norm)")
            }
            // A symmetric perturbation E of size 1e-6 ‖S‖ at (i, j), (j, i): the least-squares fit
            // absorbs its projection on K's off-diagonal, so the residual is at least
            // ‖E‖_F √(1 − 2k_ij²/Σ_{a≠b} k_ab²) (E has no diagonal, so c₁ does not take any of it).
            let (i, j) = (rng.nextIndex(below: n), rng.nextIndex(below: n))
            guard i != j else { return }
            var perturbed = s
            perturbed[i, j] += 1e-6 * norm
            perturbed[j, i] += 1e-6 * norm
            var offDiagonalSquares = 0.0
            for b in 0..<n { for a in 0..<n where a != b { offDiagonalSquares += k[a, b] * k[a, b] } }
            let kept = 1 - 2 * k[i, j] * k[i, j] / offDiagonalSquares
            let expected = 2.0.squareRoot() * 1e-6 * norm * max(kept, 0).squareRoot()
            if let changed = known.affineFit(to: perturbed), kept > 1e-6 {
                #expect(changed.residualNorm >= 0.9 * expected, "seed \(seed): residual \(changed.residualNorm), expected ≥ \(expected)")
            }
        }
    }

    /// End to end: symmetric circuits in the sweep's setting (`SymmetricArrowheadTests.
    /// symmetricCircuit`: W = ones, one b0, σ, τ_y, τ_a for every neuron, silent neurons, δ ≤ 1.2;
    /// a is uniform and A = c₁I + c₂(W_r − I)), the branch with eigenbasis solves
    /// forced at small n; the spectrum with the branch's eigenbasis equals the one with its own
    /// dsyevd to the sum of both routes' bands, with identical verdicts, and the eigenbasis is
    /// actually reused (≥ 90 % of the draws the symmetric route takes).
    @Test("Spectrum with the branch's eigenbasis = with its own dsyevd: eigenvalues within the bands, same verdict, reuse taken (structure.md §9.7)")
    func reuseAgreesWithOwnEigensolver() async {
        let reused = SharedTally<Bool>(), stage = SharedTally<String>()
        let solver = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.eigenbasisSolves(fromOrder: 1))
        await propertyCheck(count: 160, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = SymmetricArrowheadTests.symmetricCircuit(using: &rng)
            // n = 1: K has no off-diagonal, so c₂ is undetermined and the fit is refused (by design).
            guard sample.isSweepSetting, sample.circuit.neuronCount >= 2 else { return }
            let circuit = sample.circuit, n = circuit.neuronCount, tauA = sample.structure.tauA
            guard let branch = try? solver.normalizationBranch(of: circuit), branch.isConverged else { stage.record("branch"); return }
            guard let basis = branch.recurrentEigenbasis else { stage.record("no basis"); return }
            let jacobian = JacobianBuilder().flowJacobian(of: circuit, at: branch.state.flattened).matrix
            let column = [Double](repeating: 1, count: n)
            guard let own = try? Spectrum(jacobian: jacobian, structure: RankOneJacobianStructure(column: column, tauA: tauA),
                                          route: .structured),
                  case .symmetricArrowhead(_, false) = own.route else { stage.record("own route"); return }
            let withBasis = try Spectrum(jacobian: jacobian,
                                         structure: RankOneJacobianStructure(column: column, tauA: tauA, recurrentEigenbasis: basis),
                                         route: .structured)
            if case .symmetricArrowhead(_, true) = withBasis.route { reused.record(true) } else {
                reused.record(false)
                print("seed \(seed): n = \(n), not reused: \(withBasis.route)")
            }
            guard case .symmetricArrowhead = withBasis.route else { return }
            let mismatch = StructuredSpectrumTests.largestMismatch(withBasis, own)
            #expect(mismatch.ratio <= 1, "seed \(seed), n = \(n): eigenvalues differ by \(mismatch.distance), \(mismatch.ratio) × the bands")
            #expect(withBasis.verdict == own.verdict, "seed \(seed): \(withBasis.verdict) vs \(own.verdict)")
        }
        let taken = reused.values.filter { $0 }.count
        print("Reused eigenbasis: \(taken) of \(reused.values.count) symmetric-route spectra; not reached: \(Dictionary(grouping: stage.values, by: { $0 }).mapValues(\.count))")
        #expect(reused.values.count >= 40 && Double(taken) >= 0.9 * Double(reused.values.count),
                "eigenbasis reused on \(taken) of \(reused.values.count) symmetric-route spectra; not reached: \(Dictionary(grouping: stage.values, by: { $0 }).mapValues(\.count))")
    }
}
