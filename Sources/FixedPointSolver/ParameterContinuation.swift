import LinearAlgebra
import RealModule

/// Natural-parameter continuation of a zero of F(x, p) from p₀ to p₁ (proofs/newton.md §7.4):
///
///     predictor  x̃ = x_k + h ẋ_k,   ẋ_k = −DF(x_k, p_k)⁻¹ ∂F/∂p(x_k, p_k)      (7.7)
///     corrector  Newton on F(·, p_k + h) = 0 from x̃, full steps
///
/// A step is accepted when the corrector converges (eq. (7.4)) while contracting
/// (θ_k = ‖d_k‖/‖d_{k−1}‖ ≤ θ_max) and sign det DF is unchanged; the step size then follows
/// θ₀ (h ← h √(θ_target/θ₀)). A rejection shrinks h. The zero reached is the one connected to
/// the start through zeros with DF nonsingular (the branch, eq. (7.5)). The branch is lost
/// when 1/κ₁(DF) < `foldReciprocalCondition` or h < `minimumStep`: a fold (§7.4).
///
/// - Complexity: per accepted step, corrector iterations + 1 LU (the factorization at the
///   corrected point gives rcond, sign det and the next tangent); an easy path takes one step.
public struct ParameterContinuation: Sendable {
    public let options: ContinuationOptions

    public init(_ options: ContinuationOptions = ContinuationOptions()) { self.options = options }

    /// Follows the zero `start` of F(·, `parameter`) to `target`. The start is first corrected
    /// by globalized Newton at p₀ (with the corrector's tolerances).
    public func solve(_ family: ParameterFamily, from start: [Double], parameter: Double, to target: Double) -> ContinuationSolution {
        let startOptions = NewtonOptions(absoluteTolerance: options.corrector.absoluteTolerance,
                                         relativeTolerance: options.corrector.relativeTolerance, maximumIterations: 50)
        let initial = NewtonSolver(startOptions).solve(family.problem(at: parameter, initialGuess: start))
        var newtonIterations = initial.iterations
        var x = initial.point
        var p = parameter
        var history: [ContinuationStep] = []
        var steps = 0, rejected = 0, factorizations = 0
        var minimumRcond = Double.nan

        func outcome(_ status: ContinuationStatus) -> ContinuationSolution {
            let f = family.residual(x, p)
            return ContinuationSolution(point: x, parameterReached: p, start: parameter, target: target, status: status,
                                        steps: steps, rejectedSteps: rejected, newtonIterations: newtonIterations,
                                        factorizations: factorizations + 1,
                                        minimumReciprocalCondition: minimumRcond, residualNorm: infinityNorm(f),
                                        scaledResidualNorm: scaledNorm(f, family.residualScale(x, p)), history: history)
        }
        guard initial.isConverged else { return outcome(.startNotConverged(initial.status)) }
        guard var local = LocalLinearization(family.problem(at: p, initialGuess: x), at: x, p) else {
            minimumRcond = 0
            return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: 0)))
        }
        minimumRcond = local.reciprocalCondition
        if local.reciprocalCondition < options.foldReciprocalCondition {
            return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: local.reciprocalCondition)))
        }

        let interval = target - parameter
        var fraction = options.initialStep
        var lastRejection: StepRejection = .singularJacobian
        var tangent: [Double]? = nil
        /// The previous accepted point's tangent and parameter, for the second-order term.
        var previousTangent: (tangent: [Double], parameter: Double)? = nil
        while p != target {
            guard steps + rejected < options.maximumSteps else { return outcome(.maximumStepsReached) }
            if fraction < options.minimumStep {
                return outcome(.folded(atParameter: p, evidence: .stepSizeUnderflow(lastRejection: lastRejection)))
            }
            let remaining = (target - p) / interval
            let isLast = fraction >= remaining * (1 - 1e-12)
            let next = isLast ? target : p + fraction * interval
            let h = next - p
            if tangent == nil { tangent = local.tangent(family) }
            guard let direction = tangent else {
                return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: 0)))
            }
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
            switch correction.result {
            case .failure(let reason):
                rejected += 1
                lastRejection = reason
                fraction *= min(0.5, max(0.1, correction.stepFactor))
            case .success(let linearization):
                steps += 1
                x = linearization.point
                p = next
                local = linearization
                if let direction = tangent { previousTangent = (direction, p - h) }
                tangent = nil
                minimumRcond = min(minimumRcond, linearization.reciprocalCondition)
                history.append(ContinuationStep(parameter: p, stepSize: h, correctorIterations: correction.iterations,
                                                reciprocalCondition: linearization.reciprocalCondition))
                if linearization.reciprocalCondition < options.foldReciprocalCondition {
                    return outcome(.folded(atParameter: p, evidence: .conditionCollapsed(reciprocalCondition: linearization.reciprocalCondition)))
                }
                fraction = min(fraction * min(options.growthFactor, max(0.25, correction.stepFactor)), options.maximumStep)
            }
        }
        return outcome(.reachedTarget)
    }

    private enum Outcome {
        case success(LocalLinearization)
        case failure(StepRejection)
    }

    private struct Correction {
        let result: Outcome
        let iterations: Int
        let factorizations: Int
        /// Suggested multiplier of the step: for the next step after a success, for the retry
        /// after a failure.
        let stepFactor: Double
    }

    /// The corrector: first chord iterations x ← x − DF(x_k)⁻¹ F(x) with the factorization
    /// already made at the last accepted point (O(m²) each), then, if they stop contracting,
    /// Newton with full steps from `predicted` (one LU per iteration). Either is abandoned as
    /// soon as a correction exceeds θ_max times the previous one. The factorization at the
    /// converged point is returned for rcond, sign det and the next tangent.
    private func correct(_ family: ParameterFamily, predicted: [Double], at parameter: Double, relativeTolerance: Double,
                         from previous: LocalLinearization) -> Correction {
        guard family.domain.contains(predicted) else {
            return Correction(result: .failure(.predictorLeftDomain), iterations: 0, factorizations: 0, stepFactor: 0.5)
        }
        let limits = options.corrector
        let problem = family.problem(at: parameter, initialGuess: predicted)
        // The scale varies slowly: ‖F‖∞ above ε_abs + 2 ε_rel ‖scale(x̃)‖∞ cannot pass (7.4),
        // which spares an O(n²) scale evaluation on most iterations.
        let coarseBound = limits.absoluteTolerance + 2 * relativeTolerance * infinityNorm(problem.residualScale(predicted))
        func isConverged(_ f: [Double], _ x: [Double]) -> Bool {
            guard infinityNorm(f) <= coarseBound else { return false }
            let scale = problem.residualScale(x)
            return f.indices.allSatisfy { abs(f[$0]) <= limits.absoluteTolerance + relativeTolerance * scale[$0] }
        }
        func finish(_ x: [Double], iterations: Int, factorizations: Int, stepFactor: Double) -> Correction {
            guard let local = LocalLinearization(problem, at: x, parameter),
                  local.reciprocalCondition >= limits.minimumReciprocalCondition else {
                return Correction(result: .failure(.singularJacobian), iterations: iterations, factorizations: factorizations + 1,
                                  stepFactor: 0.5)
            }
            guard local.determinantSign == previous.determinantSign else {
                return Correction(result: .failure(.determinantSignChanged), iterations: iterations,
                                  factorizations: factorizations + 1, stepFactor: 0.5)
            }
            return Correction(result: .success(local), iterations: iterations, factorizations: factorizations + 1,
                              stepFactor: stepFactor)
        }

        // Chord phase: the previous factorization, linear convergence at rate θ = O(h).
        var iterations = 0
        var x = predicted
        var f = problem.residual(x)
        var previousLength: Double? = nil
        var firstLength: Double? = nil
        var chordRate: Double? = nil
        var failedChordContraction: Double? = nil
        while iterations < options.maximumChordIterations, allFinite(f) {
            if isConverged(f, x) {
                // The chord's mean rate (‖d_last‖/‖d_first‖)^(1/(k−1)) is O(h): aim it at θ_target.
                let factor = chordRate.map { $0 > 0 ? options.targetContraction / $0 : options.growthFactor } ?? options.growthFactor
                return finish(x, iterations: iterations, factorizations: 0, stepFactor: factor)
            }
            guard let solved = try? previous.factorization.solve(f) else { break }
            let length = infinityNorm(solved)
            if let previousLength {
                let theta = length / previousLength
                if !(theta <= options.maximumContraction) { failedChordContraction = theta; break }
                if let firstLength, iterations >= 1 {
                    chordRate = Double.pow(length / firstLength, 1 / Double(iterations))
                }
            } else {
                firstLength = length
            }
            previousLength = length
            let next = zip(x, solved).map { $0 - $1 }
            iterations += 1
            guard family.domain.contains(next) else { break }
            x = next
            f = problem.residual(x)
        }

        guard options.usesNewtonCorrector else {
            let factor = failedChordContraction.map { options.targetContraction / $0 } ?? 0.5
            return Correction(result: .failure(.correctorContractionTooWeak), iterations: iterations, factorizations: 0,
                              stepFactor: factor)
        }

        // Newton phase from the predictor.
        x = predicted
        f = problem.residual(x)
        previousLength = nil
        var firstContraction: Double? = nil
        var factorizations = 0
        var lastLocal: LocalLinearization? = nil
        while true {
            guard allFinite(f) else {
                return Correction(result: .failure(.correctorFailed(.nonFinite(atIteration: iterations))), iterations: iterations,
                                  factorizations: factorizations, stepFactor: 0.5)
            }
            if isConverged(f, x) {
                // Newton's θ₀ ∝ (predictor error) ∝ h²: aim it at θ_target.
                let factor = firstContraction.map { $0 > 0 ? (options.targetContraction / $0).squareRoot() : options.growthFactor }
                    ?? options.growthFactor
                // The last factorization was made within a tiny Newton correction of x: it serves as
                // DF(x) for rcond, sign det and the tangent (no further LU).
                if let lastLocal, let previousLength, previousLength <= 1e-6 * max(1, infinityNorm(x)) {
                    guard lastLocal.determinantSign == previous.determinantSign else {
                        return Correction(result: .failure(.determinantSignChanged), iterations: iterations,
                                          factorizations: factorizations, stepFactor: 0.5)
                    }
                    return Correction(result: .success(lastLocal.moved(to: x)), iterations: iterations,
                                      factorizations: factorizations, stepFactor: factor)
                }
                return finish(x, iterations: iterations, factorizations: factorizations, stepFactor: factor)
            }
            guard let local = LocalLinearization(problem, at: x, parameter),
                  local.reciprocalCondition >= limits.minimumReciprocalCondition else {
                return Correction(result: .failure(.singularJacobian), iterations: iterations, factorizations: factorizations + 1,
                                  stepFactor: 0.5)
            }
            factorizations += 1
            lastLocal = local
            guard factorizations <= limits.maximumIterations, let solved = try? local.factorization.solve(f) else {
                return Correction(result: .failure(.correctorFailed(.maximumIterationsReached)), iterations: iterations,
                                  factorizations: factorizations, stepFactor: 0.5)
            }
            let length = infinityNorm(solved)
            if let previousLength {
                let theta = length / previousLength
                if firstContraction == nil { firstContraction = theta }
                if !(theta <= options.maximumContraction) {
                    return Correction(result: .failure(.correctorContractionTooWeak), iterations: iterations,
                                      factorizations: factorizations, stepFactor: (options.targetContraction / theta).squareRoot())
                }
            }
            previousLength = length
            x = zip(x, solved).map { $0 - $1 }
            iterations += 1
            guard family.domain.contains(x) else {
                return Correction(result: .failure(.correctorFailed(.leftDomain(atIteration: iterations))), iterations: iterations,
                                  factorizations: factorizations, stepFactor: 0.5)
            }
            f = problem.residual(x)
        }
    }
}

/// DF at a point, factored once: its condition, sign det and the tangent.
struct LocalLinearization {
    let point: [Double]
    let parameter: Double
    let factorization: LUFactorization
    let reciprocalCondition: Double
    /// sign det DF = sign(P) Π sign(U_ii) (no overflow, unlike the product itself).
    let determinantSign: Int

    init?(_ problem: FixedPointProblem, at x: [Double], _ p: Double) {
        guard let lu = try? LUFactorization(problem.jacobian(x)) else { return nil }
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

    /// The same factorization standing for DF at the nearby point `x` (after a final, tiny
    /// Newton correction): the tangent is then −DF(x_prev)⁻¹ ∂F/∂p(x), accurate to O(‖x − x_prev‖).
    func moved(to x: [Double]) -> LocalLinearization {
        LocalLinearization(point: x, parameter: parameter, factorization: factorization,
                           reciprocalCondition: reciprocalCondition, determinantSign: determinantSign)
    }

    private init(point: [Double], parameter: Double, factorization: LUFactorization, reciprocalCondition: Double,
                 determinantSign: Int) {
        self.point = point
        self.parameter = parameter
        self.factorization = factorization
        self.reciprocalCondition = reciprocalCondition
        self.determinantSign = determinantSign
    }

    /// ẋ = −DF⁻¹ ∂F/∂p, or nil when non-finite.
    func tangent(_ family: ParameterFamily) -> [Double]? {
        let derivative = family.derivativeWithRespectToParameter(at: point, parameter)
        guard let solved = try? factorization.solve(derivative) else { return nil }
        let tangent = solved.map { -$0 }
        return allFinite(tangent) ? tangent : nil
    }
}
