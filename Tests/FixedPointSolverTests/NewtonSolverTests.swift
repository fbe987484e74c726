import CircuitModel
import FixedPointSolver
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

@Suite("Newton's method (proofs/newton.md §7.3)")
struct NewtonSolverTests {
    @Test("W_r = I: Newton reproduces the normalization equation, quadratically (case-format.md; eq. 7.3)")
    func reproducesClosedForm() async throws {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 64)
            let circuit = try randomCircuit(neurons: n, using: &rng)
            let exact = try NormalizationFixedPoint.state(for: circuit)
            // Start 20% off in a (multiplicatively, staying positive) and in y.
            let start = CircuitState(y: exact.y.map { $0 * rng.nextUniform(0.8, 1.2) + 0.01 * rng.nextGaussian() },
                                     a: exact.a.map { $0 * rng.nextUniform(0.8, 1.2) })
            let options = NewtonOptions(relativeTolerance: 1e-14, recordsHistory: true)
            let solution = NewtonSolver(options).solve(FixedPointProblem(circuit: circuit, initialGuess: start, jacobian: paperJacobian))
            #expect(solution.status == .converged, "seed \(seed)")
            // The converged point solves F = 0 to a few ε·scale, so it is off the closed form by
            // ≲ κ(DF)·few ε: 20ε·κ₁(DF), at least 1e-13 (seed 428109880620977252: n = 1,
            // κ₁ ≈ 193, distance 1.26e-13).
            let rcond = try LUFactorization(paperJacobian.evaluate(circuit, exact.flattened)).reciprocalConditionNumber()
            let tolerance = max(1e-13, 20 * Double.ulpOfOne / rcond)
            #expect(relativeDistance(solution.point, exact.flattened) <= tolerance, "seed \(seed), κ₁ = \(1 / rcond)")
            // Quadratic convergence on the scaled residual ρ_k = ‖F_k‖∞ / S (S = max scale):
            // once ρ_k ≤ 1e-3, ρ_{k+1} ≤ C ρ_k² + 1e-15 (rounding floor) with C = 10⁴ covering
            // ‖DF⁻¹‖ ‖D²F‖ for these circuits (σ ≥ 0.05 keeps 1/s bounded).
            let scale = infinityNorm(circuit.residualScale(at: exact.flattened))
            let rho = solution.history.map { $0.residualNorm / scale }
            for k in rho.indices.dropLast() where rho[k] <= 1e-3 {
                #expect(rho[k + 1] <= 1e4 * rho[k] * rho[k] + 1e-15, "seed \(seed), step \(k): \(rho)")
            }
        }
    }

    @Test("converged implies every component of F is within ε_rel·scale + 2⁻⁴⁶‖DF_i‖‖x‖ (eq. 7.4′), from random starts")
    func convergedMeansSmallResidual() async throws {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 6)
            // Half the draws from the widened generator: silent neurons, localized/sparse input,
            // unequal scales (issue 14).
            let circuit = rng.nextBernoulli(0.5)
                ? try coupled(try randomCircuit(neurons: n, using: &rng), RandomCircuits.gaussianMatrix(order: n, using: &rng),
                              rng.nextUniform(0, 1.5))
                : RandomCircuits.perturbedRecurrence(neuronCount: n, delta: rng.nextUniform(0, 1.5), using: &rng)
            let start = CircuitState(y: (0..<n).map { _ in rng.nextUniform(-2, 2) }, a: (0..<n).map { _ in rng.nextLogUniform(0.01, 10) })
            let options = NewtonOptions(relativeTolerance: 1e-12, maximumIterations: 60)
            let solution = NewtonSolver(options).solve(FixedPointProblem(circuit: circuit, initialGuess: start, jacobian: paperJacobian))
            if solution.isConverged {
                #expect(satisfiesStoppingRule(circuit, at: solution.point, relativeTolerance: 1e-12), "seed \(seed)")
                #expect(solution.point[n...].allSatisfy { $0 > 0 }, "seed \(seed): a > 0")
            }
        }
    }

    @Test("statuses: singular Jacobian, non-finite residual, start outside the domain, budget exhausted")
    func statuses() throws {
        // F(x) = x² − 1 at x = 0: DF = 0.
        let square = FixedPointProblem(initialGuess: [0], residual: { [$0[0] * $0[0] - 1] },
                                       jacobian: { x in ColumnMajorMatrix(rows: 1, columns: 1, repeating: 2 * x[0]) })
        #expect(NewtonSolver().solve(square).status == .singularJacobian(atIteration: 0))
        // F(x) = √x − 2 from x = −1 is NaN (unconstrained, so the residual is evaluated).
        let root = FixedPointProblem(initialGuess: [-1], residual: { [$0[0].squareRoot() - 2] },
                                     jacobian: { x in ColumnMajorMatrix(rows: 1, columns: 1, repeating: 0.5 / x[0].squareRoot()) })
        #expect(NewtonSolver().solve(root).status == .nonFinite(atIteration: 0))
        // The circuit from a < 0.
        let circuit = try oneNeuron(recurrent: 1, normalization: 1, drive: 0.5, pool: 0.01)
        let outside = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(y: [0.1], a: [-0.2]), jacobian: paperJacobian)
        #expect(NewtonSolver().solve(outside).status == .leftDomain(atIteration: 0))
        // One iteration is not enough from far away.
        let far = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(y: [3], a: [5]), jacobian: paperJacobian)
        #expect(NewtonSolver(NewtonOptions(maximumIterations: 1)).solve(far).status == .maximumIterationsReached)
        // …but the globalized iteration gets there, keeping a > 0 throughout.
        let solved = NewtonSolver(NewtonOptions(recordsHistory: true)).solve(far)
        #expect(solved.status == .converged)
        let exact = try NormalizationFixedPoint.state(for: circuit)
        #expect(relativeDistance(solved.point, exact.flattened) <= 1e-12)
    }

    @Test("a step that would make a ≤ 0 is damped to stay inside (eq. 7.6)")
    func dampedIntoDomain() throws {
        // Start with a tiny a: the full Newton step overshoots a below 0.
        let circuit = try oneNeuron(recurrent: 1, normalization: 1, drive: 0.5, pool: 0.01)
        let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(y: [2], a: [1e-6]), jacobian: paperJacobian)
        let solution = NewtonSolver(NewtonOptions(recordsHistory: true)).solve(problem)
        #expect(solution.status == .converged)
        #expect(solution.history.contains { $0.stepFraction > 0 && $0.stepFraction < 1 })
    }
}

@Suite("The circuit Jacobian used by default")
struct CircuitJacobianTests {
    @Test("standard DF (JacobianBuilder) and central differences agree with the block formula of MATH.md §2")
    func standardMatchesBlockFormula() async throws {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 10)
            let circuit = try coupled(try randomCircuit(neurons: n, using: &rng), RandomCircuits.gaussianMatrix(order: n, using: &rng),
                                      rng.nextUniform(0, 1))
            let x = (0..<n).map { _ in rng.nextUniform(-1, 1) } + (0..<n).map { _ in rng.nextLogUniform(0.01, 2) }
            let block = paperJacobian.evaluate(circuit, x)
            let scale = max(block.maximumAbsoluteEntry, 1)
            // Exact formulas agree to rounding (a few ulps of the largest entry).
            #expect((CircuitJacobian.standard.evaluate(circuit, x) - block).maximumAbsoluteEntry <= 1e-13 * scale, "seed \(seed)")
            // Central differences: error ≈ ε^(2/3) relative, amplified by 1/√a ≤ 10 here.
            #expect((CircuitJacobian.finiteDifference.evaluate(circuit, x) - block).maximumAbsoluteEntry <= 1e-7 * scale, "seed \(seed)")
        }
    }
}
