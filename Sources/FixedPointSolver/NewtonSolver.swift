import LinearAlgebra

/// Globalized Newton's method (proofs/newton.md §7.3): LU solves of DF d = −F (dense, or the
/// structured route of §7.10 when the problem's `linearize` gives the factored form), damping
/// to stay in the domain, and backtracking (Armijo) on the merit ½‖F‖², or on ½‖G‖² of the
/// deflated residual G = M F when a `Deflation` is given (eq. (7.9)).
///
/// Near a regular zero the full step is accepted and convergence is quadratic
/// (‖F_{k+1}‖ ≤ C‖F_k‖², Kantorovich). Each iteration costs one residual, one Jacobian,
/// one LU (2m³/3 flops) and one rcond estimate (O(m²)).
public struct NewtonSolver: Sendable {
    public let options: NewtonOptions

    public init(_ options: NewtonOptions = NewtonOptions()) { self.options = options }

    /// Solves F(x) = 0 from `problem.initialGuess`. With `deflation`, Newton runs on the
    /// deflated residual but convergence is still judged on F itself.
    public func solve(_ problem: FixedPointProblem, deflation: Deflation? = nil) -> NewtonSolution {
        var x = problem.initialGuess
        var history: [NewtonIteration] = []
        guard problem.domain.contains(x) else {
            return finish(x, residual: problem.residual(x), problem, 0, .leftDomain(atIteration: 0), history)
        }
        var f = problem.residual(x)
        guard allFinite(f) else { return finish(x, residual: f, problem, 0, .nonFinite(atIteration: 0), history) }

        for k in 0...options.maximumIterations {
            if isConverged(f, at: x, problem) {
                record(&history, k, f, 0, 0, .nan)
                return finish(x, residual: f, problem, k, .converged, history)
            }
            if k == options.maximumIterations { break }

            // Newton direction d = −DF⁻¹F, turned into the deflated direction if asked.
            let lu: JacobianFactorization
            do { lu = try problem.linearize(x).factorized() } catch {
                if case .nonFiniteInput = error { return finish(x, residual: f, problem, k, .nonFinite(atIteration: k), history) }
                return finish(x, residual: f, problem, k, .singularJacobian(atIteration: k), history)
            }
            let rcond = lu.reciprocalCondition
            guard rcond >= options.minimumReciprocalCondition else {
                record(&history, k, f, 0, 0, rcond)
                return finish(x, residual: f, problem, k, .singularJacobian(atIteration: k), history)
            }
            guard var direction = try? lu.solve(f) else {
                return finish(x, residual: f, problem, k, .singularJacobian(atIteration: k), history)
            }
            for i in direction.indices { direction[i] = -direction[i] }
            var merit = 0.5 * squaredNorm(f)
            if let deflation {
                let factor = deflation.stepFactor(at: x, newtonStep: direction)
                for i in direction.indices { direction[i] *= factor }
                let m = deflation.multiplier(at: x)
                merit *= m * m
            }
            guard allFinite(direction) else { return finish(x, residual: f, problem, k, .nonFinite(atIteration: k), history) }

            // Damping: stay inside the domain, then backtrack on the merit.
            let maximumFraction = problem.domain.maximumStepFraction(from: x, along: direction)
            guard maximumFraction >= options.minimumStepFraction else {
                record(&history, k, f, 0, 0, rcond)
                return finish(x, residual: f, problem, k, .leftDomain(atIteration: k), history)
            }
            switch lineSearch(problem, deflation, from: x, along: direction, merit: merit, maximumFraction: maximumFraction) {
            case .accepted(let next, let nextResidual, let fraction):
                record(&history, k, f, fraction * infinityNorm(direction), fraction, rcond)
                x = next
                f = nextResidual
            case .outsideDomain:
                record(&history, k, f, 0, 0, rcond)
                return finish(x, residual: f, problem, k, .leftDomain(atIteration: k), history)
            case .noDecrease:
                record(&history, k, f, 0, 0, rcond)
                return finish(x, residual: f, problem, k, .lineSearchFailed(atIteration: k), history)
            }
        }
        return finish(x, residual: f, problem, options.maximumIterations, .maximumIterationsReached, history)
    }

    /// |F_i| ≤ ε_abs + ε_rel · (scale_i + ‖DF_i,:‖₁‖x‖∞) for all i (proofs/newton.md eq. (7.4′),
    /// `FixedPointProblem.isConverged`).
    public func isConverged(_ residual: [Double], at x: [Double], _ problem: FixedPointProblem) -> Bool {
        problem.isConverged(residual, at: x, options)
    }

    private enum LineSearchOutcome {
        case accepted([Double], [Double], Double)
        case outsideDomain
        case noDecrease
    }

    /// Backtracking from α = `maximumFraction`: halve while outside the domain or non-finite,
    /// otherwise shrink by the safeguarded quadratic model of φ(α) = ½‖G(x+αd)‖² (φ'(0) = −2φ(0)
    /// for a Newton direction), α_new ∈ [0.1α, 0.5α], until φ(α) ≤ (1 − 2cα)φ(0).
    private func lineSearch(_ problem: FixedPointProblem, _ deflation: Deflation?, from x: [Double],
                            along direction: [Double], merit: Double, maximumFraction: Double) -> LineSearchOutcome {
        var fraction = maximumFraction
        var sawAdmissible = false
        while fraction >= options.minimumStepFraction {
            let trial = zip(x, direction).map { $0 + fraction * $1 }
            guard problem.domain.contains(trial) else { fraction *= 0.5; continue }
            sawAdmissible = true
            let trialResidual = problem.residual(trial)
            guard allFinite(trialResidual) else { fraction *= 0.5; continue }
            if !options.usesLineSearch { return .accepted(trial, trialResidual, fraction) }
            var trialMerit = 0.5 * squaredNorm(trialResidual)
            if let deflation {
                let m = deflation.multiplier(at: trial)
                trialMerit *= m * m
            }
            if trialMerit <= (1 - 2 * options.sufficientDecrease * fraction) * merit {
                return .accepted(trial, trialResidual, fraction)
            }
            let slope = -2 * merit
            let denominator = 2 * (trialMerit - merit - slope * fraction)
            var next = denominator > 0 ? -slope * fraction * fraction / denominator : 0.5 * fraction
            if !next.isFinite { next = 0.5 * fraction }
            fraction = min(max(next, 0.1 * fraction), 0.5 * fraction)
        }
        return sawAdmissible ? .noDecrease : .outsideDomain
    }

    private func record(_ history: inout [NewtonIteration], _ k: Int, _ f: [Double], _ length: Double,
                        _ fraction: Double, _ rcond: Double) {
        guard options.recordsHistory else { return }
        history.append(NewtonIteration(iteration: k, residualNorm: infinityNorm(f), stepLength: length,
                                       stepFraction: fraction, reciprocalCondition: rcond))
    }

    private func finish(_ x: [Double], residual f: [Double], _ problem: FixedPointProblem, _ k: Int,
                        _ status: NewtonStatus, _ history: [NewtonIteration]) -> NewtonSolution {
        NewtonSolution(point: x, residualNorm: infinityNorm(f), scaledResidualNorm: problem.scaledResidualNorm(f, at: x),
                       iterations: k, status: status, history: history)
    }
}

/// max_i |F_i| / scale_i (|F_i| where scale_i = 0); NaN propagates.
func scaledNorm(_ residual: [Double], _ scale: [Double]) -> Double {
    var result = 0.0
    for i in residual.indices {
        let value = scale[i] > 0 ? abs(residual[i]) / scale[i] : abs(residual[i])
        if value.isNaN { return .nan }
        result = max(result, value)
    }
    return result
}

func allFinite(_ values: [Double]) -> Bool { values.allSatisfy(\.isFinite) }

func squaredNorm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } }
