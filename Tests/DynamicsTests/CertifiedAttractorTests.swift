import CircuitModel
import Dynamics
import FixedPointSolver
import Foundation
import LinearAlgebra
import PropertyBased
import Randomness
import Testing
import TestSupport

/// proofs/attractors.md: the certified `fixed-point` verdict (Theorem A.1), its second-derivative
/// bound (eq. A.6), and its agreement with long tight-tolerance integrations.
@Suite("Certified regions of attraction (proofs/attractors.md)")
struct CertifiedAttractorTests {
    /// A bistable planar flow with known attractors ±1: x' = x − x³, y' = −y/2 + x y / 4.
    /// D²f[e, e] = (−6x e₁², e₁e₂/2), so ‖D²f(x)[e, e]‖₂ ≤ (6|x| + 1/4) ‖e‖₂² (|e₁e₂| ≤ ‖e‖²/2).
    static func bistable(from x0: [Double]) throws -> AttractorProblem {
        let field: VectorField = { _, x, dx in
            dx[0] = x[0] - x[0] * x[0] * x[0]
            dx[1] = -0.5 * x[1] + 0.25 * x[0] * x[1]
        }
        let jacobian: JacobianFunction = { _, x in
            (try? ColumnMajorMatrix(rowMajor: [[1 - 3 * x[0] * x[0], 0], [0.25 * x[1], -0.5 + 0.25 * x[0]]]))
                ?? ColumnMajorMatrix(rows: 2, columns: 2)
        }
        let polish: @Sendable ([Double]) -> [Double]? = { x in
            // Newton on the exact equations (x ≠ 0 branch), to rounding.
            var u = x[0]
            for _ in 0..<50 { u -= (u - u * u * u) / (1 - 3 * u * u) }
            return u.isFinite ? [u, 0] : nil
        }
        let certify: @Sendable ([Double]) -> QuadraticBasin? = { center in
            var f = [0.0, 0.0]
            field(0, center, &f)
            return QuadraticBasin.certify(center: center, jacobian: jacobian(0, center), residual: f, maximumRadius: 0.5) { r in
                6 * (abs(center[0]) + r) + 0.25
            }
        }
        return try AttractorProblem(vectorField: field, jacobian: jacobian, initialState: x0, timeScale: 1,
                                    polish: polish, certify: certify)
    }

    @Test("bistable flow: a start near the saddle at 0 is certified at the attractor of its side, never the other one", arguments: [-0.3, -1e-3, 1e-3, 0.2, 2.5])
    func bistableSides(x0: Double) throws {
        let result = try AttractorClassifier().classify(Self.bistable(from: [x0, 0.7]))
        #expect(result.kind == .fixedPoint, "\(result.reason)")
        let point = try #require(result.fixedPoint)
        let basin = try #require(point.basin, "certified, not settled")
        #expect(abs(basin.center[0] - (x0 > 0 ? 1 : -1)) < 1e-12 && abs(basin.center[1]) < 1e-12)
        // The verdict comes long before the settling test (‖f‖ ≤ 1e-7): the slowest rate here is 1/2.
        #expect(result.finalTime < 40, "t = \(result.finalTime)")
    }

    @Test("QuadraticBasin: dV/dt < 0 at random points of the certified set (linear part and remainder evaluated exactly)")
    func decreaseOnTheSet() async throws {
        let problem = try Self.bistable(from: [0.5, 0])
        let basin = try #require(problem.certify?([1, 0]))
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var g = Xoshiro256StarStar(seed: seed)
            let angle = Double.random(in: 0..<(2 * Double.pi), using: &g)
            let direction = [cos(angle), sin(angle)]
            // Scale onto the level set V = s · level, s in (0, 1].
            let unit = basin.energy([1 + direction[0], direction[1]])
            let s = Double.random(in: 1e-6...1, using: &g)
            let t = (s * basin.level / unit).squareRoot()
            let x = [1 + t * direction[0], t * direction[1]]
            var f = [0.0, 0.0]
            problem.vectorField(0, x, &f)
            let p = basin.lyapunovMatrix
            let e = [x[0] - 1, x[1]]
            let derivative = 2 * (e[0] * (p[0, 0] * f[0] + p[0, 1] * f[1]) + e[1] * (p[1, 0] * f[0] + p[1, 1] * f[1]))
            #expect(derivative < 0, "seed \(seed): dV/dt = \(derivative) at \(x)")
        }
    }

    @Test("CircuitCurvatureBound: ‖D²f(x)[e, e]‖₂ ≤ M(r)‖e‖₂² at random x in the ball (central second differences)")
    func curvatureBoundHolds() async throws {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var g = Xoshiro256StarStar(seed: seed)
            let n = Int.random(in: 1...6, using: &g)
            let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: Double.random(in: 0...2, using: &g), using: &g)
            guard let center = try? NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit).flattened,
                  let smallestA = center[n...].min() else { return }
            let r = 0.5 * smallestA * Double.random(in: 0.01...1, using: &g)
            let bound = try #require(CircuitCurvatureBound(circuit: circuit).bound(center: center, radius: r))
            for _ in 0..<5 {
                let offset = (0..<(2 * n)).map { _ in g.nextGaussian() }
                let offsetNorm = offset.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let x = zip(center, offset).map { $0 + 0.95 * r * Double.random(in: 0...1, using: &g) * $1 / offsetNorm }
                let e = (0..<(2 * n)).map { _ in g.nextGaussian() }
                let eNorm2 = e.reduce(0) { $0 + $1 * $1 }
                // ‖h e‖ = 1e-3 r: the three points stay inside the ball (0.95 r + 1e-3 r < r),
                // where M(r) applies; the second difference is D²f[e, e] averaged over the segment.
                let h = 1e-3 * r / eNorm2.squareRoot()
                // f in Float80 (an implementation of its own, eq. (1.1)): the second difference
                // divides by h² ≈ 1e-6 r², so double rounding would swamp small balls.
                let points = [1.0, 0.0, -1.0].map { sign in zip(x, e).map { Float80($0) + Float80(sign * h) * Float80($1) } }
                let values = points.map { Self.extendedVectorField(of: circuit, at: $0) }
                var second = 0.0, rounding = 0.0
                for i in 0..<(2 * n) {
                    let d = Double((values[0].value[i] - 2 * values[1].value[i] + values[2].value[i]) / Float80(h * h))
                    second += d * d
                    // f_i is a sum of n + 3 terms; its rounding error is at most 2(n + 4)ε₈₀ times the
                    // sum of the terms' magnitudes (not |f_i|: f cancels near a fixed point, its terms
                    // do not — seed 11288859236944372040 has |y/τ_y| ≈ 9 in a row where f ≈ 0).
                    let magnitude = values[0].magnitude[i] + 2 * values[1].magnitude[i] + values[2].magnitude[i]
                    let r = Double(2 * Float80(n + 4) * Float80.ulpOfOne * magnitude / Float80(h * h))
                    rounding += r * r
                }
                // Second differences carry O(h²) truncation (1 % slack) and the rounding above.
                #expect(second.squareRoot() <= 1.01 * bound * eNorm2 + rounding.squareRoot(),
                        "seed \(seed): \(second.squareRoot()) vs bound \(bound * eNorm2), rounding \(rounding.squareRoot())")
            }
        }
    }

    /// f = diag(1/τ) F for variant paper in Float80, with Σ |terms| of each f_i (the scale of its
    /// rounding error): f_y = (−y + bz + (1 − √a⁺) W_r y)/τ_y, f_a = (−a + c² + W (a⁺ y²))/τ_a.
    static func extendedVectorField(of circuit: Circuit, at x: [Float80]) -> (value: [Float80], magnitude: [Float80]) {
        let n = circuit.neuronCount
        let recurrent = circuit.recurrentWeights.denseMatrix(order: n), pool = circuit.normalizationWeights.denseMatrix(order: n)
        var value = [Float80](repeating: 0, count: 2 * n), magnitude = value
        for i in 0..<n {
            var drive: Float80 = 0, driveMagnitude: Float80 = 0, pooled: Float80 = 0, pooledMagnitude: Float80 = 0
            for j in 0..<n {
                drive += Float80(recurrent[i, j]) * x[j]
                driveMagnitude += abs(Float80(recurrent[i, j]) * x[j])
                let q = max(x[n + j], 0) * x[j] * x[j]
                pooled += Float80(pool[i, j]) * q
                pooledMagnitude += abs(Float80(pool[i, j]) * q)
            }
            let gate = 1 - max(x[n + i], 0).squareRoot()
            let tauY = Float80(circuit.tauY[i]), tauA = Float80(circuit.tauA[i])
            value[i] = (-x[i] + Float80(circuit.drive[i]) + gate * drive) / tauY
            magnitude[i] = (abs(x[i]) + abs(Float80(circuit.drive[i])) + abs(gate) * driveMagnitude) / tauY
            value[n + i] = (-x[n + i] + Float80(circuit.poolConstant[i]) + pooled) / tauA
            magnitude[n + i] = (abs(x[n + i]) + Float80(circuit.poolConstant[i]) + pooledMagnitude) / tauA
        }
        return (value, magnitude)
    }

    /// Random circuits from the literature's starts: the verdict agrees with a long, tight
    /// integration of the same start (Dormand–Prince, rtol 1e-10, 2 × the verdict time + 100 τ, up to
    /// 16× that for slow nodes): a certified fixed point is where that trajectory ends (to 1e-6
    /// relative), a divergent verdict is a trajectory that leaves every bound.
    @Test("the certified verdict agrees with a long tight-tolerance integration (random circuits, both literature starts)")
    func agreesWithLongIntegration() async throws {
        await propertyCheck(count: 12, input: Gen.uint64()) { seed in try Self.checkAgainstLongIntegration(seed: seed) }
    }

    @Test("a slow node certified long before a 2t + 100τ integration is within 1e-6 of it (seed 3890817803809707795)",
          arguments: [UInt64(3890817803809707795)])
    func slowNodeAgreesWithLongIntegration(seed: UInt64) throws {
        try Self.checkAgainstLongIntegration(seed: seed)
    }

    static func checkAgainstLongIntegration(seed: UInt64) throws {
        var g = Xoshiro256StarStar(seed: seed)
        let n = Int.random(in: 2...4, using: &g)
        let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: Double.random(in: 0.1...3, using: &g), using: &g)
        let branch = CircuitDynamics.branchFixedPoint(of: circuit)
        for start in [CircuitStart.closedForm, .firstOrder] {
            guard let state = try? start.state(for: circuit, branch: branch).state,
                  let problem = try? CircuitDynamics.attractorProblem(circuit: circuit, from: state, reference: branch),
                  let result = try? AttractorClassifier().classify(problem) else { continue }
            let tau = circuit.slowestTimeConstant
            var options = ODEOptions(method: .dormandPrince, relativeTolerance: 1e-10, absoluteTolerance: 1e-13)
            options.events = [ODEEvent(direction: .rising, isTerminal: true) { _, x in (x.map(abs).max() ?? 0) - 1e10 }]
            options.maximumSteps = 20_000_000
            func run(_ duration: Double) throws -> ODESolution {
                try #require(try? ODESolver(options).solve(CircuitDynamics.problem(circuit: circuit, from: state, duration: duration)))
            }
            let first = 2 * result.finalTime + 100 * tau
            let long = try run(first)
            switch result.kind {
            case .fixedPoint:
                guard let point = result.fixedPoint, let basin = point.basin else { continue }  // settled fallback
                // The limit of the trajectory is the certified centre. A slow node may still be
                // farther than 1e-6 of a small scale at the first horizon (seed 3890817803809707795:
                // ‖x*‖∞ = 2.1e-3, 1.8e-8 away at 2t + 100τ, 3.6e-9 at twice that, 2e-14 at 16×):
                // the horizon grows ×4 up to 16× while the distance keeps shrinking; a trajectory
                // heading elsewhere stalls at its own distance and fails.
                let scale = basin.center.map(abs).max() ?? 1
                func distance(_ solution: ODESolution) -> Double {
                    zip(solution.finalState, basin.center).map { abs($0 - $1) }.max() ?? .infinity
                }
                var ending = long, horizon = first
                while ending.status == .success, distance(ending) > 1e-6 * scale, horizon < 16 * first {
                    horizon *= 4
                    ending = try run(horizon)
                }
                #expect(ending.status == .success && distance(ending) <= 1e-6 * scale,
                        "seed \(seed) \(start.rawValue): certified at \(result.finalTime) s, long run (\(ending.status)) ends \(distance(ending)) away at \(horizon) s")
            case .divergent:
                let left = long.status != .success || (long.finalState.map(abs).max() ?? 0) > 1e6
                #expect(left, "seed \(seed) \(start.rawValue): divergent verdict, long run stays bounded")
            default:
                break
            }
        }
    }

    /// Seed 12959288483434632463 of the test above: neuron 1 is silent (z₁ = 0) and gets no recurrent
    /// input from the others (row 1 of W_r zero off the diagonal), so {y₁ = 0} is invariant and the
    /// exact flow from either literature start (y₁ = 0) stays in it, ending at a fixed point that is
    /// unstable across it. The classifier's Rosenbrock stages once left the subspace through a pivoted
    /// LU and were certified at a fixed point with y₁ ≈ 4.17, which the exact flow never reaches.
    @Test("invariant silent neuron (seed 12959288483434632463): the classified trajectory stays on y₁ = 0 like a tight Dormand–Prince run, and is not certified elsewhere")
    func invariantSilentNeuronIsKept() throws {
        var g = Xoshiro256StarStar(seed: 12959288483434632463)
        let n = Int.random(in: 2...4, using: &g)
        let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: Double.random(in: 0.1...3, using: &g), using: &g)
        let branch = CircuitDynamics.branchFixedPoint(of: circuit)   // nil here: the branch folds
        let state = try CircuitStart.closedForm.state(for: circuit, branch: branch).state
        #expect(CircuitDynamics.invariantSilentNeurons(of: circuit, from: state) == [0])
        let result = try AttractorClassifier().classify(
            CircuitDynamics.attractorProblem(circuit: circuit, from: state, reference: branch))
        #expect(result.finalState[0] == 0, "y₁ left the invariant subspace: \(result.finalState[0])")
        #expect(result.fixedPoint?.basin == nil, "certified at \(result.fixedPoint?.basin?.center ?? [])")
        var options = ODEOptions(method: .dormandPrince, relativeTolerance: 1e-10, absoluteTolerance: 1e-13)
        options.maximumSteps = 2_000_000
        let long = try ODESolver(options).solve(CircuitDynamics.problem(circuit: circuit, from: state, duration: result.finalTime))
        let distance = zip(long.finalState, result.finalState).map { abs($0 - $1) }.max() ?? .infinity
        #expect(distance <= 1e-6 * (long.finalState.map(abs).max() ?? 1), "the two integrations end \(distance) apart")
    }

    /// A slow focus: the circuit of the explicit-Euler test with W_r = [[1.05, −2], [2, 1.05]]
    /// made slower by a larger recurrent gain, Re λ τ ≈ −0.005 (measured by `Stability` below).
    @Test("slow circuit focus (Re λ τ ≈ −0.005): certified fixed-point at the branch, not undecided")
    func slowFocusIsCertified() throws {
        let tau = 0.002
        var chosen: (Circuit, CircuitState, Double)?
        for gain in stride(from: 1.05, through: 1.3, by: 0.005) {
            let recurrent = try ColumnMajorMatrix(rowMajor: [[gain, -2], [2, gain]])
            let circuit = try Circuit(inputGain: [1, 1], input: [0.3, 0.1], normalizationGain: [1, 1], sigma: [0.1, 0.1],
                                      tauY: [tau, tau], tauA: [tau, tau], recurrentWeights: .dense(recurrent))
            guard let branch = CircuitDynamics.branchFixedPoint(of: circuit),
                  let problem = try? CircuitDynamics.attractorProblem(circuit: circuit, from: branch) else { continue }
            let analysis = try AttractorClassifier().classify(problem)
            let abscissa = (analysis.fixedPoint?.spectralAbscissa ?? .nan) * tau
            if abscissa > -0.006 && abscissa < -0.003 { chosen = (circuit, branch, abscissa); break }
        }
        let (circuit, branch, abscissa) = try #require(chosen, "no gain gives Re λ τ in (−0.006, −0.003)")
        let start = CircuitState(y: branch.y.map { $0 + 0.02 }, a: branch.a)
        let result = try AttractorClassifier().classify(CircuitDynamics.attractorProblem(circuit: circuit, from: start, reference: branch))
        #expect(result.kind == .fixedPoint, "Re λ τ = \(abscissa): \(result.reason)")
        #expect(result.fixedPoint?.basin != nil, "certified, not settled: \(result.reason)")
        #expect(AttractorOutcome(result, branch: branch.flattened) == .branch)
    }
}
