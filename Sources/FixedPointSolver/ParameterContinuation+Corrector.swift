import LinearAlgebra
import RealModule

/// The corrector of `ParameterContinuation` (proofs/newton.md §7.4).
extension ParameterContinuation {
    enum Outcome {
        case success(LocalLinearization)
        case failure(StepRejection)
    }

    struct Correction {
        let result: Outcome
        let iterations: Int
        let factorizations: Int
        /// Of `factorizations`: how many the structured route made, and how many fell back to
        /// dense LU (proofs/newton.md §7.10).
        var structuredFactorizations = 0
        var denseFallbacks = 0
        /// Of `structuredFactorizations`: how many solved K through Y's eigenbasis (§7.11).
        var eigenbasisFactorizations = 0
        /// Suggested multiplier of the step: for the next step after a success, for the retry
        /// after a failure.
        let stepFactor: Double
    }

    /// The corrector: first chord iterations x ← x − DF(x_k)⁻¹ F(x) with the factorization
    /// already made at the last accepted point (O(m²) each), then, if they stop contracting,
    /// Newton with full steps from `predicted` (one LU per iteration). Either is abandoned as
    /// soon as a correction exceeds θ_max times the previous one. The factorization at the
    /// converged point is returned for rcond, sign det and the next tangent.
    func correct(_ family: ParameterFamily, predicted: [Double], at parameter: Double, relativeTolerance: Double,
                 from previous: LocalLinearization) -> Correction {
        var tally = (structured: 0, fallbacks: 0, eigenbasis: 0)
        var correction = correct(family, predicted: predicted, at: parameter, relativeTolerance: relativeTolerance,
                                 from: previous, tally: &tally)
        correction.structuredFactorizations = tally.structured
        correction.denseFallbacks = tally.fallbacks
        correction.eigenbasisFactorizations = tally.eigenbasis
        return correction
    }

    private func correct(_ family: ParameterFamily, predicted: [Double], at parameter: Double, relativeTolerance: Double,
                         from previous: LocalLinearization, tally: inout (structured: Int, fallbacks: Int, eigenbasis: Int)) -> Correction {
        func counted(_ local: LocalLinearization?) -> LocalLinearization? {
            if let local {
                if local.factorization.isStructured { tally.structured += 1 }
                if local.factorization.isFallback { tally.fallbacks += 1 }
                if local.factorization.usesEigenbasis { tally.eigenbasis += 1 }
            }
            return local
        }
        guard family.domain.contains(predicted) else {
            return Correction(result: .failure(.predictorLeftDomain), iterations: 0, factorizations: 0, stepFactor: 0.5)
        }
        let limits = options.corrector
        let problem = family.problem(at: parameter, initialGuess: predicted)
        // The scales vary slowly: ‖F‖∞ above ε_abs + 2(ε_rel ‖scale(x̃)‖∞ + η ‖DF(x_k)‖∞ ‖x̃‖∞)
        // cannot pass (7.4′) (DF from the last accepted point), which spares O(n²) scale and
        // DF evaluations on most iterations.
        let coarseBound = limits.absoluteTolerance
            + 2 * (relativeTolerance * infinityNorm(problem.residualScale(predicted))
                   + FixedPointProblem.normwiseRoundingFloor * previous.jacobianNorm * infinityNorm(predicted))
        func isConverged(_ f: [Double], _ x: [Double]) -> Bool {
            guard infinityNorm(f) <= coarseBound else { return false }
            return problem.isConverged(f, at: x, absoluteTolerance: limits.absoluteTolerance,
                                       relativeTolerance: relativeTolerance, jacobianNormBound: 2 * previous.jacobianNorm)
        }
        func finish(_ x: [Double], iterations: Int, factorizations: Int, stepFactor: Double) -> Correction {
            guard let local = counted(LocalLinearization(problem, at: x, parameter)),
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
        var chordLength: Double? = nil  // the last correction made with lastLocal's LU without refactoring
        while true {
            guard allFinite(f) else {
                return Correction(result: .failure(.correctorFailed(.nonFinite(atIteration: iterations))), iterations: iterations,
                                  factorizations: factorizations, stepFactor: 0.5)
            }
            if isConverged(f, x) {
                // Newton's θ₀ ∝ (predictor error) ∝ h²: aim it at θ_target.
                let factor = firstContraction.map { $0 > 0 ? (options.targetContraction / $0).squareRoot() : options.growthFactor }
                    ?? options.growthFactor
                // A factorization made within a tiny correction of x serves as DF(x) for rcond,
                // sign det and the tangent (no further LU). Without reuse the last one was made at
                // the previous iterate, ‖d_last‖ away; with reuse, at any earlier iterate.
                let nearby = options.reusesPredictorFactorization
                    ? lastLocal.map { infinityNorm(zip($0.point, x).map { $0 - $1 }) <= 1e-6 * max(1, infinityNorm(x)) } ?? false
                    : previousLength.map { $0 <= 1e-6 * max(1, infinityNorm(x)) } ?? false
                if let lastLocal, nearby {
                    guard lastLocal.determinantSign == previous.determinantSign else {
                        return Correction(result: .failure(.determinantSignChanged), iterations: iterations,
                                          factorizations: factorizations, stepFactor: 0.5)
                    }
                    return Correction(result: .success(lastLocal.moved(to: x)), iterations: iterations,
                                      factorizations: factorizations, stepFactor: factor)
                }
                return finish(x, iterations: iterations, factorizations: factorizations, stepFactor: factor)
            }
            // With `reusesPredictorFactorization`: chord with the LU made at the predictor while it
            // contracts by ≤ ¼; else refactor (off, the default: one LU per iteration).
            var solved: [Double]? = nil
            if options.reusesPredictorFactorization, let lastLocal, let previousLength, iterations < 40, let chord = try? lastLocal.factorization.solve(f) {
                let rate = infinityNorm(chord) / (chordLength ?? previousLength)
                if rate <= 0.25 { solved = chord; chordLength = infinityNorm(chord) }
            }
            if solved == nil {
                // The estimate of 1/κ₁ is deferred while a guaranteed lower bound clears the
                // threshold (eigenbasis solves, eq. 7.18): only the accepted point's is kept.
                var candidate = counted(LocalLinearization(problem, at: x, parameter, defersConditionEstimate: true))
                if let deferred = candidate, deferred.reciprocalCondition < limits.minimumReciprocalCondition {
                    candidate = deferred.withConditionEstimate()
                }
                guard let local = candidate, local.reciprocalCondition >= limits.minimumReciprocalCondition else {
                    return Correction(result: .failure(.singularJacobian), iterations: iterations, factorizations: factorizations + 1,
                                      stepFactor: 0.5)
                }
                factorizations += 1
                lastLocal = local
                chordLength = nil
                guard factorizations <= limits.maximumIterations, let newton = try? local.factorization.solve(f) else {
                    return Correction(result: .failure(.correctorFailed(.maximumIterationsReached)), iterations: iterations,
                                      factorizations: factorizations, stepFactor: 0.5)
                }
                solved = newton
            }
            guard let step = solved else { continue }
            let length = infinityNorm(step)
            if let previousLength {
                let theta = length / previousLength
                if firstContraction == nil { firstContraction = theta }
                if !(theta <= options.maximumContraction) {
                    return Correction(result: .failure(.correctorContractionTooWeak), iterations: iterations,
                                      factorizations: factorizations, stepFactor: (options.targetContraction / theta).squareRoot())
                }
            }
            previousLength = length
            x = zip(x, step).map { $0 - $1 }
            iterations += 1
            guard family.domain.contains(x) else {
                return Correction(result: .failure(.correctorFailed(.leftDomain(atIteration: iterations))), iterations: iterations,
                                  factorizations: factorizations, stepFactor: 0.5)
            }
            f = problem.residual(x)
        }
    }
}
