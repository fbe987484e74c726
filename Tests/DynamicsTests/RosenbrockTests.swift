import Dynamics
import Foundation
import LinearAlgebra
import Testing

@Suite("Rosenbrock 2(3) (Shampine & Reichelt)")
struct RosenbrockTests {
    @Test("Fixed-step convergence order ≈ 2 on the logistic equation (nonlinear)")
    func fixedStepOrderLogistic() throws {
        let problem = try ReferenceSystems.logistic(until: 4)
        func error(steps: Int) throws -> Double {
            let options = ODEOptions(method: .rosenbrock, stepControl: .fixed(step: 4 / Double(steps)), sampling: .none)
            return abs(try ODESolver(options).solve(problem).finalState[0] - ReferenceSystems.logisticExact(4))
        }
        let e20 = try error(steps: 20), e40 = try error(steps: 40), e80 = try error(steps: 80)
        let p1 = ReferenceSystems.observedOrder(coarse: e20, fine: e40)
        let p2 = ReferenceSystems.observedOrder(coarse: e40, fine: e80)
        print("Rosenbrock fixed-step logistic errors", e20, e40, e80, "orders", p1, p2)
        // Order 2 (Shampine & Reichelt 1997): the band [1.8, 2.3] excludes 1 and 3.
        #expect((1.8...2.3).contains(p1), "observed order \(p1)")
        #expect((1.8...2.3).contains(p2), "observed order \(p2)")
    }

    @Test("Fixed-step order ≈ 2 on non-autonomous x' = −x + sin t (∂f/∂t by differences)")
    func fixedStepOrderNonAutonomous() throws {
        let problem = try ReferenceSystems.forcedDecay(until: 3)
        func error(steps: Int) throws -> Double {
            let options = ODEOptions(method: .rosenbrock, stepControl: .fixed(step: 3 / Double(steps)), sampling: .none)
            return abs(try ODESolver(options).solve(problem).finalState[0] - ReferenceSystems.forcedDecayExact(3))
        }
        let p = ReferenceSystems.observedOrder(coarse: try error(steps: 30), fine: try error(steps: 60))
        #expect((1.8...2.3).contains(p), "observed order \(p)")
    }

    @Test("Stiff x' = A x, eigenvalues −1 and −1e4: Rosenbrock takes ≥ 20× fewer steps than DP5")
    func stiffLinear() throws {
        let v = try ColumnMajorMatrix(rowMajor: [[1, 1], [0.5, -1]])
        let system = try ReferenceSystems.Diagonalizable(eigenvalues: [-1, -1e4], eigenvectors: v)
        let x0 = [1.0, 1.0]
        let problem = try ReferenceSystems.linear(system.matrix, from: x0, until: 10)
        let exact = try system.exactSolution(from: x0, at: 10)
        let tolerances = (relative: 1e-6, absolute: 1e-10)
        let stiff = try ODESolver(ODEOptions(method: .rosenbrock, relativeTolerance: tolerances.relative,
                                             absoluteTolerance: tolerances.absolute)).solve(problem)
        let explicit = try ODESolver(ODEOptions(relativeTolerance: tolerances.relative,
                                                absoluteTolerance: tolerances.absolute, sampling: .none)).solve(problem)
        #expect(stiff.status == .success)
        #expect(explicit.status == .success)
        // DP5's stability interval on the real axis is ≈ 3.3/|λ|: ≳ 3·10⁴ steps on [0, 10].
        #expect(explicit.statistics.acceptedSteps > 20_000)
        #expect(stiff.statistics.acceptedSteps * 20 < explicit.statistics.acceptedSteps,
                "Rosenbrock \(stiff.statistics.acceptedSteps) vs DP5 \(explicit.statistics.acceptedSteps) steps")
        // Both accurate on the slow mode (e^{−10} ≈ 4.5e-5 remains). Global error ≈ Σ local errors
        // (≤ rtol·|x(s)|) damped by e^{−(10−s)}: of order steps × rtol × e^{−10} ≈ 1e-8 for the
        // Rosenbrock's ~200 steps; 1e-7 leaves a factor 5 and still rejects an order-1 error.
        print("stiff linear: Rosenbrock", stiff.statistics, "DP5", explicit.statistics)
        print("stiff linear errors: Rosenbrock", ReferenceSystems.maximumDifference(stiff.finalState, exact),
              "DP5", ReferenceSystems.maximumDifference(explicit.finalState, exact))
        #expect(ReferenceSystems.maximumDifference(stiff.finalState, exact) < 1e-7)
        #expect(ReferenceSystems.maximumDifference(explicit.finalState, exact) < 1e-8)
        #expect(stiff.statistics.jacobianEvaluations == stiff.statistics.acceptedSteps + stiff.statistics.rejectedSteps
                    || stiff.statistics.jacobianEvaluations <= stiff.statistics.acceptedSteps + 1)
    }

    @Test("Automatic method: finds the stiff problem stiff and switches to Rosenbrock")
    func automaticSwitch() throws {
        let v = try ColumnMajorMatrix(rowMajor: [[1, 1], [0.5, -1]])
        let system = try ReferenceSystems.Diagonalizable(eigenvalues: [-1, -1e4], eigenvectors: v)
        let problem = try ReferenceSystems.linear(system.matrix, from: [1, 1], until: 10)
        let solution = try ODESolver(ODEOptions(method: .automatic, sampling: .none)).solve(problem)
        #expect(solution.status == .success)
        let switched = try #require(solution.statistics.switchedToRosenbrockAt)
        #expect(switched < 0.1)
        #expect(solution.statistics.acceptedSteps < 2_000)
        let exact = try system.exactSolution(from: [1, 1], at: 10)
        #expect(ReferenceSystems.maximumDifference(solution.finalState, exact) < 1e-7)
    }

    @Test("Dense output (Shampine–Reichelt interpolant) between steps: error O(h²) against cos t")
    func denseOutputOrder() throws {
        let problem = try ReferenceSystems.harmonicOscillator(until: 4)
        func midpointError(step: Double) throws -> Double {
            let options = ODEOptions(method: .rosenbrock, stepControl: .fixed(step: step), denseOutput: true,
                                     sampling: .none)
            let dense = try #require(try ODESolver(options).solve(problem).denseOutput)
            var worst = 0.0
            for interpolant in dense.steps {
                let t = interpolant.startTime + 0.5 * interpolant.stepSize
                let x = interpolant.state(at: t)
                worst = max(worst, abs(x[0] - cos(t)), abs(x[1] + sin(t)))
            }
            return worst
        }
        let order = ReferenceSystems.observedOrder(coarse: try midpointError(step: 0.04), fine: try midpointError(step: 0.02))
        // Interpolant and solution both second order: observed ≈ 2 (band excludes 1 and 3).
        #expect((1.7...2.4).contains(order), "dense output order \(order)")
    }

    @Test("Without a Jacobian closure, forward differences give the same solution to 1e-9")
    func finiteDifferenceJacobian() throws {
        let exactJacobian = try ReferenceSystems.logistic(until: 3)
        let noJacobian = try ODEProblem(vectorField: exactJacobian.vectorField, initialState: [0.1], endTime: 3,
                                        isAutonomous: true)
        let options = ODEOptions(method: .rosenbrock, relativeTolerance: 1e-8, absoluteTolerance: 1e-12)
        let a = try ODESolver(options).solve(exactJacobian), b = try ODESolver(options).solve(noJacobian)
        // The W matrix differs by O(√ε) relative; the step sequence may differ slightly.
        #expect(abs(a.finalState[0] - b.finalState[0]) < 1e-9)
        #expect(abs(a.finalState[0] - ReferenceSystems.logisticExact(3)) < 1e-6)
    }
}
