import LinearAlgebra
import RealModule

/// Natural-parameter continuation of a zero of F(x, p) from p₀ to p₁ (proofs/newton.md §7.4):
///
///     predictor  x̃ = x_k + h ẋ_k + ½h² ẍ_k,   ẋ_k = −DF(x_k, p_k)⁻¹ ∂F/∂p(x_k, p_k)      (7.7)
///     corrector  chord and/or Newton on F(·, p_k + h) = 0 from x̃, full steps
///
/// (ẍ_k from the last two tangents.) A step is accepted when the corrector converges
/// (eq. (7.4)) while contracting (θ_k = ‖d_k‖/‖d_{k−1}‖ ≤ θ_max) and sign det DF is unchanged;
/// the step size then follows the observed contraction (h ← h √(θ_target/θ₀) for Newton,
/// h θ_target/θ for the chord). A rejection shrinks h. The zero reached is the one connected to
/// the start through zeros with DF nonsingular (the branch, eq. (7.5)). When natural steps
/// stall (1/κ₁(DF) < `foldReciprocalCondition` or h < `minimumStep`) pseudo-arclength takes
/// over (§7.7): a fold is reported only when located (τ_θ changes sign, §7.8), a branch point
/// is named (§7.9), and a stall that was only the step control's failure goes on to p₁.
///
/// - Complexity: per accepted step, one LU per Newton iteration (the last one doubles as DF
///   at the corrected point: rcond, sign det, next tangent), or one LU plus O(m²) chord
///   iterations with `.chordCorrector`; with the default caps (first step 0.05, at most 0.1
///   of the interval) an easy path takes 11 steps.
public struct ParameterContinuation: Sendable {
    public let options: ContinuationOptions

    public init(_ options: ContinuationOptions = ContinuationOptions()) { self.options = options }

    /// Follows the zero `start` of F(·, `parameter`) to `target`. The start is first corrected
    /// by globalized Newton at p₀ (with the corrector's tolerances).
    ///
    /// Step sizes are fractions of `stepReference` (default |target − parameter|). A piece of a
    /// longer path passes the whole path's length: the sweep's δ_k → δ_{k+1} on the ray
    /// I + δK, which starts at δ = 0, passes |δ_{k+1}|, so that no step is longer than the
    /// steps of the continuation from W_r = I to the same circuit (proofs/newton.md §7.4).
    public func solve(_ family: ParameterFamily, from start: [Double], parameter: Double, to target: Double,
                      stepReference: Double? = nil) -> ContinuationSolution {
        let startOptions = NewtonOptions(absoluteTolerance: options.corrector.absoluteTolerance,
                                         relativeTolerance: options.corrector.relativeTolerance, maximumIterations: 50)
        let initial = NewtonSolver(startOptions).solve(family.problem(at: parameter, initialGuess: start))
        var newtonIterations = initial.iterations
        var x = initial.point
        var p = parameter
        var history: [ContinuationStep] = []
        var steps = 0, rejected = 0, factorizations = 0
        var structuredFactorizations = 0, denseFallbacks = 0, eigenbasisFactorizations = 0
        var minimumRcond = Double.nan

        var stall: StallEvidence? = nil
        var arclengthSteps = 0
        func outcome(_ status: ContinuationStatus) -> ContinuationSolution {
            let f = family.residual(x, p)
            var solution = ContinuationSolution(point: x, parameterReached: p, start: parameter, target: target, status: status,
                                                steps: steps, rejectedSteps: rejected, newtonIterations: newtonIterations,
                                                factorizations: factorizations + 1,
                                                minimumReciprocalCondition: minimumRcond, residualNorm: infinityNorm(f),
                                                scaledResidualNorm: family.problem(at: p, initialGuess: x).scaledResidualNorm(f, at: x),
                                                history: history, stall: stall, arclengthSteps: arclengthSteps)
            solution.structuredFactorizations = structuredFactorizations
            solution.denseFallbacks = denseFallbacks
            solution.eigenbasisFactorizations = eigenbasisFactorizations
            return solution
        }
        /// Natural steps stalled at (x, p): pseudo-arclength decides between a located fold, a
        /// branch point passed on the way to p₁, p₁ itself (the step control had failed), or lost.
        func recover(_ evidence: StallEvidence) -> ContinuationSolution {
            stall = evidence
            let recovery = recoverByArclength(family, from: x, at: p, start: parameter, target: target)
            arclengthSteps = recovery.steps
            minimumRcond = min(minimumRcond, recovery.minimumReciprocalCondition)
            x = recovery.point
            p = recovery.parameter
            return outcome(recovery.status ?? .lost(atParameter: p, evidence: evidence))
        }
        guard initial.isConverged else { return outcome(.startNotConverged(initial.status)) }
        guard var local = LocalLinearization(family.problem(at: p, initialGuess: x), at: x, p) else {
            minimumRcond = 0
            return outcome(.lost(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: 0)))
        }
        minimumRcond = local.reciprocalCondition
        if local.reciprocalCondition < options.foldReciprocalCondition {
            return outcome(.lost(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: local.reciprocalCondition)))
        }

        // The signed length that step fractions multiply (at least the distance to go).
        let length = max(abs(target - parameter), abs(stepReference ?? 0))
        let interval = target < parameter ? -length : length
        var fraction = options.initialStep
        var lastRejection: StepRejection = .singularJacobian
        var tangent: [Double]? = nil
        /// The previous accepted point's tangent and parameter, for the second-order term.
        var previousTangent: (tangent: [Double], parameter: Double)? = nil
        while p != target {
            guard steps + rejected < options.maximumSteps else { return outcome(.maximumStepsReached) }
            if fraction < options.minimumStep {
                return recover(.stepSizeUnderflow(lastRejection: lastRejection))
            }
            if tangent == nil { tangent = local.tangent(family) }
            guard let direction = tangent else {
                return recover(.conditionCollapsed(reciprocalCondition: local.reciprocalCondition))
            }
            // The change cap (§7.4): h‖ẋ‖∞ ≤ c‖x‖∞, as a fraction of the interval.
            var stepFraction = fraction
            if let c = options.maximumRelativeChange {
                let speed = infinityNorm(direction) * abs(interval)
                let allowed = c * infinityNorm(x)
                if speed > 0, stepFraction * speed > allowed {
                    stepFraction = allowed / speed
                    if stepFraction < options.minimumStep { return recover(.stepSizeUnderflow(lastRejection: .changeTooLarge)) }
                }
            }
            let remaining = (target - p) / interval
            let isLast = stepFraction >= remaining * (1 - 1e-12)
            let next = isLast ? target : p + stepFraction * interval
            let h = next - p
            var predicted = zip(x, direction).map { $0 + h * $1 }
            if options.usesSecondOrderPredictor, let previous = previousTangent, previous.parameter != p {
                // x(p + h) ≈ x + h ẋ + ½ h² ẍ, ẍ ≈ (ẋ_k − ẋ_{k−1}) / (p_k − p_{k−1})   (eq. 7.7)
                let scale = 0.5 * h * h / (p - previous.parameter)
                for i in predicted.indices { predicted[i] += scale * (direction[i] - previous.tangent[i]) }
            }
            let tolerance = isLast ? options.corrector.relativeTolerance : options.intermediateRelativeTolerance

            let correction = correct(family, predicted: predicted, at: next, relativeTolerance: tolerance, from: local)
            newtonIterations += correction.iterations
            factorizations += correction.factorizations
            structuredFactorizations += correction.structuredFactorizations
            denseFallbacks += correction.denseFallbacks
            eigenbasisFactorizations += correction.eigenbasisFactorizations
            switch correction.result {
            case .failure(let reason):
                rejected += 1
                lastRejection = reason
                fraction = stepFraction * min(0.5, max(0.1, correction.stepFactor))
            case .success(let linearization):
                // Tangent consistency (§7.4): on one smooth curve the trapezoidal rule with the
                // tangents at both ends predicts the step to O(h³); a corrector that converged
                // to another curve (e.g. across a fold it stepped over) fails it by O(‖Δx‖).
                let newTangent = linearization.tangent(family)
                if options.checksTangentConsistency, let newTangent, !isConsistent(from: x, to: linearization.point, step: h, direction, newTangent) {
                    rejected += 1
                    lastRejection = .inconsistentWithTangents
                    fraction = stepFraction * 0.25
                    continue
                }
                if let c = options.maximumRelativeChange,
                   infinityNorm(zip(x, linearization.point).map { $0 - $1 }) > 2 * c * max(infinityNorm(x), infinityNorm(linearization.point)) {
                    rejected += 1
                    lastRejection = .changeTooLarge
                    fraction = stepFraction * 0.25
                    continue
                }
                steps += 1
                x = linearization.point
                p = next
                local = linearization
                previousTangent = (direction, p - h)
                tangent = newTangent
                minimumRcond = min(minimumRcond, linearization.reciprocalCondition)
                history.append(ContinuationStep(parameter: p, stepSize: h, correctorIterations: correction.iterations,
                                                reciprocalCondition: linearization.reciprocalCondition))
                if linearization.reciprocalCondition < options.foldReciprocalCondition {
                    return recover(.conditionCollapsed(reciprocalCondition: linearization.reciprocalCondition))
                }
                fraction = min(stepFraction * min(options.growthFactor, max(0.25, correction.stepFactor)), options.maximumStep)
            }
        }
        return outcome(.reachedTarget)
    }

    /// ‖x₁ − x₀ − h(ẋ₀ + ẋ₁)/2‖∞ ≤ ¼‖x₁ − x₀‖∞ + 1e-9·max(1, ‖x₁‖∞): the corrected point lies
    /// on the curve the two tangents describe (the trapezoidal error is h³‖x⃛‖/12, far below a
    /// quarter of the step on any step the contraction test accepts on one smooth curve).
    func isConsistent(from x0: [Double], to x1: [Double], step h: Double, _ t0: [Double], _ t1: [Double]) -> Bool {
        var error = 0.0, change = 0.0
        for i in x0.indices {
            let difference = x1[i] - x0[i]
            change = max(change, abs(difference))
            error = max(error, abs(difference - 0.5 * h * (t0[i] + t1[i])))
        }
        return error <= 0.1 * change + 1e-9 * max(1, infinityNorm(x1))
    }
}
