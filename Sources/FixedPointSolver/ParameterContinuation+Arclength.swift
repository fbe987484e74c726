import LinearAlgebra

/// The hand-over from natural-parameter steps to pseudo-arclength (proofs/newton.md §7.7).
extension ParameterContinuation {
    struct Recovery {
        /// nil: lost (no fold located, p₁ not reached).
        let status: ContinuationStatus?
        let point: [Double]
        let parameter: Double
        let steps: Int
        let minimumReciprocalCondition: Double
    }

    /// Pseudo-arclength from the branch point (x, p) where natural steps stalled: up to
    /// `options.maximumArclengthSteps` steps, stopping at the first located fold, at p₁ (the
    /// zero there polished to the corrector's tolerance), or when lost.
    func recoverByArclength(_ family: ParameterFamily, from x: [Double], at p: Double, start: Double,
                            target: Double) -> Recovery {
        let m = family.dimension
        let tracer = PseudoArclength(family: family, start: start, target: target,
                                     relativeTolerance: options.intermediateRelativeTolerance)
        let u0 = x + [(p - start) / (target - start)]
        guard let tau0 = tracer.initialTangent(at: u0) else {
            return Recovery(status: nil, point: x, parameter: p, steps: 0, minimumReciprocalCondition: 0)
        }
        let trace = tracer.trace(from: u0, tangent: tau0, stopAtFold: true, maximumSteps: options.maximumArclengthSteps,
                                 initialStep: 1e-3)
        let rcond = (trace.folds.map(\.reciprocalCondition) + trace.branchPoints.map(\.reciprocalCondition)).min() ?? .infinity
        switch trace.stop {
        case .fold:
            let fold = trace.folds[0]
            return Recovery(status: .folded(fold), point: fold.point, parameter: fold.parameter, steps: trace.steps,
                            minimumReciprocalCondition: rcond)
        case .target(let reached):
            let polish = NewtonSolver(NewtonOptions(absoluteTolerance: options.corrector.absoluteTolerance,
                                                    relativeTolerance: options.corrector.relativeTolerance,
                                                    maximumIterations: options.corrector.maximumIterations, usesLineSearch: false))
                .solve(family.problem(at: target, initialGuess: reached))
            guard polish.isConverged else {
                return Recovery(status: nil, point: reached, parameter: target, steps: trace.steps, minimumReciprocalCondition: rcond)
            }
            let status: ContinuationStatus = trace.branchPoints.first.map { .passedBranchPoint($0) } ?? .reachedTarget
            return Recovery(status: status, point: polish.point, parameter: target, steps: trace.steps,
                            minimumReciprocalCondition: rcond)
        case .start(let u), .lost(let u), .budget(let u):
            let point = u.count == m + 1 ? Array(u[0..<m]) : u
            let theta = u.count == m + 1 ? u[m] : 0
            return Recovery(status: nil, point: point, parameter: tracer.parameter(theta), steps: trace.steps,
                            minimumReciprocalCondition: rcond)
        }
    }
}
