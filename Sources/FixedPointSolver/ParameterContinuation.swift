import LinearAlgebra

/// Natural-parameter continuation of a zero of F(x, p) from p₀ to p₁ (proofs/newton.md §7.3):
///
///     predictor  x̃ = x_k + h ẋ_k,   ẋ_k = −DF(x_k, p_k)⁻¹ ∂F/∂p(x_k, p_k)      (7.7)
///     corrector  Newton on F(·, p_k + h) = 0 from x̃
///
/// A step is accepted when the corrector converges with full steps, contracts
/// (‖d₁‖ ≤ θ‖d₀‖), and sign det DF is unchanged; then h grows (×2 after ≤ 3 iterations).
/// A rejection shrinks h (×½). The branch is *defined* by this process: the zero reached is
/// the one connected to the start through zeros with DF nonsingular (eq. (7.5)).
/// Lost when 1/κ₁(DF) < `foldReciprocalCondition` or h < `minimumStep`: a fold (§7.4).
///
/// - Complexity: per step one LU at the accepted point (rcond, sign det, tangent) plus the
///   corrector's LUs; an easy path takes one step.
public struct ParameterContinuation: Sendable {
    public let options: ContinuationOptions

    public init(_ options: ContinuationOptions = ContinuationOptions()) { self.options = options }

    /// Follows the zero `start` of F(·, `parameter`) to `target`. The start is first corrected
    /// by Newton at p₀ (with the corrector's tolerances and a line search).
    public func solve(_ family: ParameterFamily, from start: [Double], parameter: Double, to target: Double) -> ContinuationSolution {
        let corrector = NewtonSolver(options.corrector)
        let startOptions = NewtonOptions(absoluteTolerance: options.corrector.absoluteTolerance,
                                         relativeTolerance: options.corrector.relativeTolerance, maximumIterations: 50)
        let initial = NewtonSolver(startOptions).solve(family.problem(at: parameter, initialGuess: start))
        var newtonIterations = initial.iterations
        var x = initial.point
        var p = parameter
        var history: [ContinuationStep] = []
        var steps = 0, rejected = 0

        func outcome(_ status: ContinuationStatus, _ minimumRcond: Double) -> ContinuationSolution {
            let f = family.residual(x, p)
            return ContinuationSolution(point: x, parameterReached: p, start: parameter, target: target, status: status,
                                        steps: steps, rejectedSteps: rejected, newtonIterations: newtonIterations,
                                        minimumReciprocalCondition: minimumRcond, residualNorm: infinityNorm(f),
                                        scaledResidualNorm: scaledNorm(f, family.residualScale(x, p)), history: history)
        }
        guard initial.isConverged else { return outcome(.startNotConverged(initial.status), .nan) }
        guard var local = LocalLinearization(family, at: x, p) else {
            return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: 0)), 0)
        }
        var minimumRcond = local.reciprocalCondition
        if local.reciprocalCondition < options.foldReciprocalCondition {
            return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: local.reciprocalCondition)), minimumRcond)
        }

        let interval = target - parameter
        var fraction = options.initialStep
        var lastRejection: StepRejection = .singularJacobian
        while p != target {
            guard steps + rejected < options.maximumSteps else { return outcome(.maximumStepsReached, minimumRcond) }
            if fraction < options.minimumStep {
                return outcome(.folded(atParameter: p, evidence: .stepSizeUnderflow(lastRejection: lastRejection)), minimumRcond)
            }
            let remaining = (target - p) / interval
            let isLast = fraction >= remaining * (1 - 1e-12)
            let next = isLast ? target : p + fraction * interval
            let h = next - p
            guard let tangent = local.tangent(family) else { return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: 0)), 0) }
            let predicted = zip(x, tangent).map { $0 + h * $1 }

            switch correct(family, corrector, predicted: predicted, at: next, sign: local.determinantSign) {
            case .rejected(let reason, let iterations):
                newtonIterations += iterations
                rejected += 1
                lastRejection = reason
                fraction *= options.shrinkFactor
            case .accepted(let point, let iterations, let linearization):
                newtonIterations += iterations
                steps += 1
                x = point
                p = next
                local = linearization
                minimumRcond = min(minimumRcond, linearization.reciprocalCondition)
                history.append(ContinuationStep(parameter: p, stepSize: h, correctorIterations: iterations,
                                                reciprocalCondition: linearization.reciprocalCondition))
                if linearization.reciprocalCondition < options.foldReciprocalCondition {
                    return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: linearization.reciprocalCondition)), minimumRcond)
                }
                if iterations <= 3 { fraction = min(fraction * options.growthFactor, options.maximumStep) }
            }
        }
        return outcome(.reachedTarget, minimumRcond)
    }

    private enum Correction {
        case accepted([Double], Int, LocalLinearization)
        case rejected(StepRejection, Int)
    }

    private func correct(_ family: ParameterFamily, _ corrector: NewtonSolver, predicted: [Double], at parameter: Double,
                         sign: Int) -> Correction {
        guard family.domain.contains(predicted) else { return .rejected(.predictorLeftDomain, 0) }
        let solution = NewtonSolver(NewtonOptions(absoluteTolerance: corrector.options.absoluteTolerance,
                                                  relativeTolerance: corrector.options.relativeTolerance,
                                                  maximumIterations: corrector.options.maximumIterations, recordsHistory: true,
                                                  usesLineSearch: corrector.options.usesLineSearch,
                                                  sufficientDecrease: corrector.options.sufficientDecrease,
                                                  minimumStepFraction: corrector.options.minimumStepFraction,
                                                  minimumReciprocalCondition: corrector.options.minimumReciprocalCondition))
            .solve(family.problem(at: parameter, initialGuess: predicted))
        guard solution.isConverged else { return .rejected(.correctorFailed(solution.status), solution.iterations) }
        let steps = solution.history.filter { $0.stepLength > 0 }
        if steps.contains(where: { $0.stepFraction != 1 }) { return .rejected(.correctorFailed(.lineSearchFailed(atIteration: 0)), solution.iterations) }
        if steps.count >= 2, steps[1].stepLength > options.maximumContraction * steps[0].stepLength {
            return .rejected(.correctorContractionTooWeak, solution.iterations)
        }
        guard let linearization = LocalLinearization(family, at: solution.point, parameter) else {
            return .rejected(.singularJacobian, solution.iterations)
        }
        guard linearization.determinantSign == sign else { return .rejected(.determinantSignChanged, solution.iterations) }
        return .accepted(solution.point, solution.iterations, linearization)
    }
}

/// DF at an accepted point, factored once: its condition, sign det and the tangent.
private struct LocalLinearization {
    let point: [Double]
    let parameter: Double
    let factorization: LUFactorization
    let reciprocalCondition: Double
    /// sign det DF = sign(P) Π sign(U_ii) (no overflow, unlike the product itself).
    let determinantSign: Int

    init?(_ family: ParameterFamily, at x: [Double], _ p: Double) {
        guard let lu = try? LUFactorization(family.jacobian(x, p)) else { return nil }
        point = x
        parameter = p
        factorization = lu
        reciprocalCondition = (try? lu.reciprocalConditionNumber()) ?? 0
        var sign = 1
        for i in 0..<lu.order {
            if lu.factors[i, i] < 0 { sign = -sign }
            if lu.pivots[i] != Int32(i + 1) { sign = -sign }
        }
        determinantSign = sign
    }

    /// ẋ = −DF⁻¹ ∂F/∂p, or nil when non-finite.
    func tangent(_ family: ParameterFamily) -> [Double]? {
        let derivative = family.derivativeWithRespectToParameter(at: point, parameter)
        guard let solved = try? factorization.solve(derivative) else { return nil }
        let tangent = solved.map { -$0 }
        return allFinite(tangent) ? tangent : nil
    }
}
