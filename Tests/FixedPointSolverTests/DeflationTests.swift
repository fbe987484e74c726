import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Testing

@Suite("Deflation (proofs/newton.md §7.5)")
struct DeflationTests {
    /// P(s) = s²(g² − w b²z²) − c² g², g = 1 − w_r + w_r s (MATH.md §4).
    func quartic(_ s: Double, wr: Double, w: Double, bz: Double, c2: Double) -> Double {
        let g = 1 - wr + wr * s
        return s * s * (g * g - w * bz * bz) - c2 * g * g
    }

    @Test("one neuron, w_r = 1.3 before the fold: all 3 fixed points, each a zero of F and a root of the quartic")
    func severalFixedPointsBeforeFold() throws {
        // Quartic roots (numpy): s ≈ 0.19766 (g < 0), 0.28380 and 0.47731 (the branch).
        let wr = 1.3, w = -1.0, bz = 0.1, c2 = 0.25
        let circuit = try oneNeuron(recurrent: wr, normalization: w, drive: bz, pool: c2)
        let solver = CircuitFixedPointSolver(jacobian: paperJacobian)
        let branch = try solver.normalizationBranch(of: circuit)
        #expect(branch.isConverged)
        let all = solver.fixedPoints(of: circuit, count: 4, known: [branch.state])
        #expect(all.count == 3, "the quartic has exactly three admissible roots here")
        for solution in all {
            #expect(solution.isConverged)
            #expect(satisfiesStoppingRule(circuit, at: solution.point, relativeTolerance: 1e-12))
            let s = solution.point[1].squareRoot()
            #expect(abs(quartic(s, wr: wr, w: w, bz: bz, c2: c2)) <= 1e-12, "s = \(s)")
        }
        #expect(relativeDistance(all[0].point, branch.state.flattened) <= 1e-12, "the known branch point comes first")
        let roots = all.map { $0.point[1].squareRoot() }.sorted()
        for pair in zip(roots, roots.dropFirst()) { #expect(pair.1 - pair.0 > 1e-6) }
    }

    @Test("deflation on a polynomial: (x − 1)(x − 2)(x + 3) = 0 from x = 0 gives all three roots")
    func polynomialRoots() {
        let problem = FixedPointProblem(initialGuess: [0],
                                        residual: { x in [(x[0] - 1) * (x[0] - 2) * (x[0] + 3)] },
                                        jacobian: { x in
                                            let v = x[0]
                                            return ColumnMajorMatrix(rows: 1, columns: 1, repeating: 3 * v * v - 7)
                                        })
        let zeros = DeflatedSearch().zeros(of: problem, known: [], starts: [[0]], count: 3)
        let roots = zeros.map { $0.point[0] }.sorted()
        #expect(roots.count == 3)
        for (root, expected) in zip(roots, [-3.0, 1, 2]) { #expect(abs(root - expected) <= 1e-12) }
    }
}
