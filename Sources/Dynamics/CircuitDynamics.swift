import CircuitModel
import Foundation
import JacobianBuilder
import LinearAlgebra
import Randomness

/// A circuit's flow as ODE and attractor problems (proofs/model.md eqs. 1.1–1.3):
///     dx/dt = diag(1/τ) F(x),   x = (y_1..y_n, a_1..a_n),   τ = (τ_y, τ_a)  (seconds).
///
/// The sweep's calls:
///
///     // where does the flow go from near an unstable (or lost) branch point?
///     let verdict = try CircuitDynamics.classify(circuit: circuit, near: branchState, seed: cellSeed)
///     // or, from any start:
///     let problem = try CircuitDynamics.attractorProblem(circuit: circuit, from: start, reference: branchState)
///     let verdict = try AttractorClassifier(AttractorOptions()).classify(problem)
///
/// Defaults: the flow Jacobian of `JacobianBuilder`, Newton polish (`FixedPointPolish.standard`).
///
/// Times in `AttractorOptions` are then in units of τ_max = `circuit.slowestTimeConstant`.
public enum CircuitDynamics {
    /// x ↦ diag(1/τ) F(x) through the circuit's allocation-free buffer entry point.
    public static func vectorField(of circuit: Circuit) -> VectorField {
        { _, state, derivative in
            state.withUnsafeBufferPointer { x in
                derivative.withUnsafeMutableBufferPointer { circuit.vectorField(x, into: $0) }
            }
        }
    }

    /// x ↦ J(x) = diag(1/τ) DF(x), the flow Jacobian of `JacobianBuilder` (proofs/jacobian.md
    /// eq. 3.14; exact, O(n²)). At a kink of a rectified variant it returns the one-sided
    /// value the builder documents; the integrators only need it as an approximation there.
    public static func flowJacobian(of circuit: Circuit, using builder: JacobianBuilder) -> JacobianFunction {
        { _, state in builder.flowJacobian(of: circuit, at: state).matrix }
    }

    /// x' = diag(1/τ) F(x) from `start` over [0, duration] seconds. `jacobian` defaults to
    /// `flowJacobian(of:using: JacobianBuilder())` (used by the Rosenbrock method).
    public static func problem(circuit: Circuit, from start: CircuitState, duration: Double,
                               jacobian: JacobianFunction? = nil) throws(ODEError) -> ODEProblem {
        try requireLength(start, circuit)
        return try ODEProblem(vectorField: vectorField(of: circuit),
                              jacobian: jacobian ?? flowJacobian(of: circuit, using: JacobianBuilder()),
                              initialState: start.flattened, endTime: duration, isAutonomous: true)
    }

    /// The attractor question for a circuit from `start`; time unit τ_max.
    /// - Parameters:
    ///   - jacobian: the flow Jacobian; default `JacobianBuilder`'s (spectrum, Rosenbrock, monodromy).
    ///   - reference: the normalization-branch fixed point, to report the distance to.
    ///   - polish: how a settled state is polished; default Newton (`FixedPointPolish.standard`).
    ///   - knownBasins: certified regions of attraction to test from t = 0; nil means the
    ///     reference's own (`basin(of:at:)`), when there is a reference and it has one.
    public static func attractorProblem(circuit: Circuit, from start: CircuitState,
                                        jacobian: JacobianFunction? = nil, reference: CircuitState? = nil,
                                        polish: FixedPointPolish = .standard,
                                        knownBasins: [QuadraticBasin]? = nil) throws(ODEError) -> AttractorProblem {
        try requireLength(start, circuit)
        let n = circuit.neuronCount
        var polishFlat: (@Sendable ([Double]) -> [Double]?)?
        if let polish = polish.closure(for: circuit) {
            polishFlat = { @Sendable (x: [Double]) -> [Double]? in
                guard x.count == 2 * n else { return nil }
                return polish(CircuitState(flattened: x))?.flattened
            }
        }
        let flowJacobian = jacobian ?? flowJacobian(of: circuit, using: JacobianBuilder())
        let curvature = CircuitCurvatureBound(circuit: circuit)
        let certify: @Sendable ([Double]) -> QuadraticBasin? = { center in
            basin(of: circuit, at: center, jacobian: flowJacobian, curvature: curvature)
        }
        let basins = knownBasins ?? reference.flatMap { certify($0.flattened) }.map { [$0] } ?? []
        let invariant = invariantSilentNeurons(of: circuit, from: start)
        var integratorJacobian = flowJacobian
        if !invariant.isEmpty {
            integratorJacobian = { @Sendable (time: Double, state: [Double]) -> ColumnMajorMatrix in
                var matrix = flowJacobian(time, state)
                for i in invariant {
                    for row in 0..<(2 * n) where row != i { matrix[row, i] = 0 }
                }
                return matrix
            }
        }
        return try AttractorProblem(vectorField: vectorField(of: circuit), jacobian: integratorJacobian,
                                    initialState: start.flattened, timeScale: circuit.slowestTimeConstant,
                                    componentTimeScales: circuit.tauY + circuit.tauA,
                                    referenceFixedPoint: reference?.flattened, polish: polishFlat,
                                    certify: circuit.variant == .paper ? certify : nil, knownBasins: basins)
    }

    /// Neurons i whose y_i stays exactly 0 along the flow from `start`: y_i = 0 at the start, no
    /// drive (b_i z_i = 0), and no recurrent input from other neurons (row i of W_r zero off the
    /// diagonal). Then f_i = 0 whenever y_i = 0 (every variant: r_i = W_r,ii φ(0) = 0), so
    /// {y_i = 0} is invariant and the exact trajectory never leaves it — even where that subspace
    /// is unstable transversally. Rounding must not take the computed one out either: for these
    /// i the integrator's Jacobian has column i zeroed off the diagonal (row i already is, at
    /// y_i = 0), so Rosenbrock's pivoted LU cannot mix row i with the others and its stages keep
    /// k_i = 0 exactly; on the subspace the stage equations are the same (column i multiplies
    /// k_i = 0). The certificate and the spectrum keep the full Jacobian (the eigenvalues are
    /// unchanged: J is block triangular there). Found as seed 12959288483434632463: the computed
    /// trajectory left {y₁ = 0} through rounding and was certified at the branch, which the exact
    /// flow from that start never reaches (proofs/attractors.md, A.4).
    public static func invariantSilentNeurons(of circuit: Circuit, from start: CircuitState) -> [Int] {
        let n = circuit.neuronCount
        guard start.y.count == n else { return [] }
        let recurrent: ColumnMajorMatrix? = if case .dense(let matrix) = circuit.recurrentWeights { matrix } else { nil }
        return (0..<n).filter { i in
            guard start.y[i] == 0, circuit.drive[i] == 0 else { return false }
            switch circuit.recurrentWeights {
            case .identity: return true
            case .ones: return n == 1
            case .dense: return recurrent.map { m in (0..<n).allSatisfy { j in j == i || m[i, j] == 0 } } ?? false
            }
        }
    }

    /// The certified region of attraction of the fixed point `center` of the circuit's flow
    /// (`QuadraticBasin.certify` with `CircuitCurvatureBound`, first radius min a*/2;
    /// proofs/attractors.md), nil when J there is not certified Hurwitz, the variant is not
    /// `paper`, or no radius is admissible.
    public static func basin(of circuit: Circuit, at center: [Double], jacobian: JacobianFunction? = nil,
                             curvature: CircuitCurvatureBound? = nil) -> QuadraticBasin? {
        let n = circuit.neuronCount
        guard circuit.variant == .paper, center.count == 2 * n, let smallestA = center[n...].min(), smallestA > 0
        else { return nil }
        let bound = curvature ?? CircuitCurvatureBound(circuit: circuit)
        let matrix = (jacobian ?? flowJacobian(of: circuit, using: JacobianBuilder()))(0, center)
        return QuadraticBasin.certify(center: center, jacobian: matrix, residual: circuit.vectorField(at: center),
                                      maximumRadius: 0.5 * smallestA) { bound.bound(center: center, radius: $0) }
    }

    /// The start of the normalization branch: the closed form with W_r replaced by I,
    /// a = c² + W (b∘z)², y = b∘z/√a (exactly the fixed point when W_r = I).
    public static func normalizationStart(of circuit: Circuit) throws(NormalizationFixedPoint.Inapplicable) -> CircuitState {
        try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit)
    }

    /// A reproducible random start near `center`:
    ///     y_i = y*_i + spread · max(‖y*‖∞, 1e-3) · g_i,   a_i = a*_i · exp(spread · g'_i),
    /// g, g' standard normal from `generator` (y then a, in index order). The modulators
    /// stay positive, as at every fixed point (c² > 0, MATH.md §1). Default spread 0.1.
    public static func randomStart(near center: CircuitState, spread: Double = 0.1,
                                   using generator: inout some RandomNumberGenerator) -> CircuitState {
        let scale = max(center.y.map(abs).max() ?? 0, 1e-3)
        let y = center.y.map { $0 + spread * scale * generator.nextGaussian() }
        let a = center.a.map { $0 * Foundation.exp(spread * generator.nextGaussian()) }
        return CircuitState(y: y, a: a)
    }

    /// Where does the flow go from near `state` (typically an unstable or lost branch point)?
    /// Starts at `randomStart(near: state, spread: perturbation)` with xoshiro256** seeded by
    /// `seed` — from exactly a fixed point the flow would not move — and classifies with
    /// `options`, reporting distances to `state`. Default perturbation 1e-3: small enough to
    /// start in the point's neighbourhood, large enough that a mode with Re λ τ_max = 0.01
    /// leaves it (to O(1)) within ln(1e3)/0.01 ≈ 700 τ_max of the 2000 τ_max budget.
    public static func classify(circuit: Circuit, near state: CircuitState, perturbation: Double = 1e-3,
                                seed: UInt64 = 0, options: AttractorOptions = AttractorOptions(),
                                jacobian: JacobianFunction? = nil,
                                polish: FixedPointPolish = .standard) throws(ODEError) -> AttractorClassification {
        var generator = Xoshiro256StarStar(seed: seed)
        let start = randomStart(near: state, spread: perturbation, using: &generator)
        let problem = try attractorProblem(circuit: circuit, from: start, jacobian: jacobian, reference: state,
                                           polish: polish)
        return try AttractorClassifier(options).classify(problem)
    }

    private static func requireLength(_ start: CircuitState, _ circuit: Circuit) throws(ODEError) {
        guard start.y.count == circuit.neuronCount, start.a.count == circuit.neuronCount else {
            throw .stateLengthMismatch(expected: 2 * circuit.neuronCount, found: start.y.count + start.a.count)
        }
    }
}
