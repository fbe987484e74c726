import CircuitModel
import ComplexModule
import Foundation
import LinearAlgebra
@testable import Sweep

/// A test-only reference branch tracker (formerly the Sweep module's interim pipeline), kept
/// as an independent cross-check of `FixedPointSolver`: natural-parameter
/// continuation with a secant predictor and a Newton corrector on F (proofs/model.md
/// eq. 1.2, variant `paper`), Jacobian J_F from proofs/jacobian.md:
///
///     J_F = [ −I + diag(1 − s) W_r     diag(−r/(2s)) ]    s = √a, r = W_r y
///           [ W diag(2 a∘y)            −I + W diag(y²) ]
///
/// A step is accepted when Newton reaches ‖F‖∞ ≤ `residualTolerance` · max(1, ‖scale‖∞)
/// within `maximumIterations`, every a stays > 0, and the correction is below a quarter of
/// ‖x‖∞ (so a step cannot jump to another branch); otherwise the step is halved. Below
/// `minimumStep` the branch is `folded` when the last accepted Jacobian has reciprocal
/// condition number < 1e-4 (a heuristic: at a fold J_F is singular) and `lost` otherwise.
/// - Complexity: O(n³) per Newton iteration (LU of the 2n × 2n Jacobian).
struct ReferenceBranchContinuation: Sendable {
    var residualTolerance = 1e-12
    var maximumIterations = 12
    var minimumStep = 1e-6

    init() {}

    /// Stage 1 of `CellPipeline`: the branch from `start` to `target`; `reached` is t on
    /// I + t (W_r − I). Returns `lost` when the closed form at W_r = I is undefined.
    func continueBranch(to target: Circuit, from start: BranchStart) -> BranchOutcome {
        let n = target.neuronCount
        switch start {
        case .identity:
            guard let identity = try? target.replacingRecurrentWeights(.identity),
                  let state = try? NormalizationFixedPoint.state(for: identity).flattened else {
                return BranchOutcome(status: .lost, reached: 0, state: [], newtonIterations: 0, residual: .infinity)
            }
            return continueBranch(to: target, from: .identity(n), state: state)
        case .previous(let coupling, let scale, let targetScale, let state, _):
            var weights = ColumnMajorMatrix(rows: n, columns: n)
            for index in coupling.elements.indices { weights.elements[index] = scale * coupling.elements[index] }
            for i in 0..<n { weights[i, i] += 1 }
            let outcome = continueBranch(to: target, from: weights, state: state)
            let reachedScale = scale + outcome.reached * (targetScale - scale)
            return BranchOutcome(status: outcome.status, reached: targetScale > 0 ? reachedScale / targetScale : 1,
                                 state: outcome.state, newtonIterations: outcome.newtonIterations, residual: outcome.residual)
        }
    }

    func continueBranch(to target: Circuit, from startWeights: ColumnMajorMatrix, state startState: [Double]) -> BranchOutcome {
        let targetWeights = target.recurrentWeights.denseMatrix(order: target.neuronCount)
        let normalization = target.normalizationWeights.denseMatrix(order: target.neuronCount)
        var s = 0.0, step = 1.0
        var x = startState
        var previous: (x: [Double], s: Double)?
        var iterations = 0
        var lastConditioning = 1.0
        func weights(at s: Double) -> ColumnMajorMatrix {
            var w = startWeights
            for index in w.elements.indices { w.elements[index] += s * (targetWeights.elements[index] - startWeights.elements[index]) }
            return w
        }
        var residual = residualNorm(target, weights(at: 0), x)
        // Polish the starting point (closed forms are exact only up to rounding).
        if let polished = correct(target, weights(at: 0), normalization, guess: x, iterations: &iterations) {
            x = polished.state; residual = polished.residual; lastConditioning = polished.conditioning
        }
        while s < 1 {
            step = min(step, 1 - s)
            var guess = x
            if let previous, s > previous.s {
                let ratio = step / (s - previous.s)
                guess = zip(x, previous.x).map { $0 + ratio * ($0 - $1) }
                if guess.enumerated().contains(where: { $0.offset >= target.neuronCount && $0.element <= 0 }) { guess = x }
            }
            let next = s + step >= 1 ? 1 : s + step
            if let corrected = correct(target, weights(at: next), normalization, guess: guess, iterations: &iterations),
               jumpIsSmall(from: guess, to: corrected.state) {
                previous = (x, s)
                x = corrected.state; residual = corrected.residual; lastConditioning = corrected.conditioning
                s = next
                if corrected.iterationsUsed <= 4 { step *= 2 }
            } else {
                step /= 2
                if step < minimumStep {
                    return BranchOutcome(status: lastConditioning < 1e-4 ? .folded : .lost, reached: s, state: x,
                                         newtonIterations: iterations, residual: residual)
                }
            }
        }
        return BranchOutcome(status: .converged, reached: 1, state: x, newtonIterations: iterations, residual: residual)
    }

    private func jumpIsSmall(from guess: [Double], to state: [Double]) -> Bool {
        let scale = infinityNorm(state)
        return zip(guess, state).allSatisfy { abs($0 - $1) <= 0.25 * scale }
    }

    private func residualNorm(_ circuit: Circuit, _ weights: ColumnMajorMatrix, _ x: [Double]) -> Double {
        guard let moved = try? circuit.replacingRecurrentWeights(.dense(weights)) else { return .infinity }
        return infinityNorm(moved.residual(at: x))
    }

    private struct Correction { let state: [Double]; let residual: Double; let conditioning: Double; let iterationsUsed: Int }

    private func correct(_ circuit: Circuit, _ weights: ColumnMajorMatrix, _ normalization: ColumnMajorMatrix,
                         guess: [Double], iterations: inout Int) -> Correction? {
        guard let moved = try? circuit.replacingRecurrentWeights(.dense(weights)) else { return nil }
        let n = circuit.neuronCount
        var x = guess
        for iteration in 0...maximumIterations {
            let f = moved.residual(at: x)
            let norm = infinityNorm(f)
            guard norm.isFinite else { return nil }
            let tolerance = residualTolerance * max(1, infinityNorm(moved.residualScale(at: x)))
            let jacobian = Self.residualJacobian(moved, weights, normalization, x)
            guard let lu = try? LUFactorization(jacobian) else { return nil }
            if norm <= tolerance {
                let conditioning = (try? lu.reciprocalConditionNumber()) ?? 0
                return Correction(state: x, residual: norm, conditioning: conditioning, iterationsUsed: iteration)
            }
            if iteration == maximumIterations { return nil }
            guard let delta = try? lu.solve(f) else { return nil }
            iterations += 1
            for k in x.indices { x[k] -= delta[k] }
            if x[n...].contains(where: { !($0 > 0) }) { return nil }
        }
        return nil
    }

    /// J_F at x for variant `paper` with dense W_r and W (proofs/jacobian.md); a > 0 assumed.
    static func residualJacobian(_ circuit: Circuit, _ recurrent: ColumnMajorMatrix, _ normalization: ColumnMajorMatrix,
                                        _ x: [Double]) -> ColumnMajorMatrix {
        let n = circuit.neuronCount
        let y = Array(x[0..<n]), a = Array(x[n..<(2 * n)])
        let root = a.map { max($0, 0).squareRoot() }
        let r = recurrent.multiply(y)
        var j = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for col in 0..<n {
            for row in 0..<n {
                j[row, col] = (1 - root[row]) * recurrent[row, col]
                let w = normalization[row, col]
                j[n + row, col] = w * 2 * a[col] * y[col]
                j[n + row, n + col] = w * y[col] * y[col]
            }
            j[col, col] -= 1
            j[n + col, n + col] -= 1
            j[col, n + col] = root[col] > 0 ? -r[col] / (2 * root[col]) : 0
        }
        return j
    }
}


/// The reference spectrum of the former interim pipeline: dgeev of diag(1/τ) J_F with J_F
/// from `ReferenceBranchContinuation.residualJacobian` (variant `paper`). Verdict `stable`
/// when max Re λ < −η, `unstable` when > η, else `undecided`, η = 1e-10 ‖J‖_F.
enum ReferenceSpectrum {
    static func summary(_ circuit: Circuit, _ state: [Double]) -> SpectrumSummary? {
        let n = circuit.neuronCount
        var jacobian = ReferenceBranchContinuation.residualJacobian(
            circuit, circuit.recurrentWeights.denseMatrix(order: n), circuit.normalizationWeights.denseMatrix(order: n), state)
        let tau = circuit.tauY + circuit.tauA
        for col in 0..<(2 * n) { for row in 0..<(2 * n) { jacobian[row, col] /= tau[row] } }
        guard let eigenvalues = try? Eigendecomposition(jacobian).eigenvalues,
              let leading = eigenvalues.max(by: { ($0.real, abs($0.imaginary)) < ($1.real, abs($1.imaginary)) })
        else { return nil }
        let threshold = 1e-10 * jacobian.frobeniusNorm
        let verdict = leading.real < -threshold ? "stable" : leading.real > threshold ? "unstable" : "undecided"
        return SpectrumSummary(eigenvalues: eigenvalues, abscissa: leading.real,
                               leadingFrequencyHz: abs(leading.imaginary) / (2 * Double.pi), verdict: verdict,
                               certificate: "not-computed")
    }
}
