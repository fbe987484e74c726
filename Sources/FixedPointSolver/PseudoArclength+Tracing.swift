import LinearAlgebra

/// Following the branch by pseudo-arclength (proofs/newton.md §7.7–7.9): step control, fold
/// and branch-point detection and location, and the stop at θ = 1 or θ = 0.
extension PseudoArclength {
    enum Stop: Equatable {
        /// θ reached 1: the zero of H(·, p₁) there.
        case target([Double])
        /// θ went back to 0: the zero of H(·, p₀) there.
        case start([Double])
        /// A fold was located and the tracer was asked to stop at the first one.
        case fold
        /// The corrector failed at the smallest step (or the domain was left), at (x, θ).
        case lost([Double])
        /// The step budget ran out at (x, θ).
        case budget([Double])
    }

    struct Trace {
        var stop: Stop
        var folds: [FoldLocation] = []
        var branchPoints: [BranchPointLocation] = []
        var steps = 0
    }

    /// Traces from u₀ along τ₀ until a stop. `stopAtFold`: return at the first located fold.
    /// `startsAtFold`: u₀ is a located fold (sign det D_xH undefined there; the first step's
    /// sign is taken as the reference, and τ_θ = 0 there counts as the far side's sign).
    func trace(from u0: [Double], tangent tau0: [Double], stopAtFold: Bool, maximumSteps: Int,
               initialStep: Double, maximumStep: Double = 0.05, startsAtFold: Bool = false) -> Trace {
        let m = family.dimension
        var u = u0, tau = tau0
        if startsAtFold { tau[m] = 0 }
        var h = initialStep
        var previousSign = startsAtFold ? nil : determinantSign(at: u)?.sign
        var result = Trace(stop: .budget(u0))
        while result.steps < maximumSteps {
            guard h >= 1e-11 else { result.stop = .lost(u); return result }
            guard let corrected = correct(from: u, along: tau, step: h),
                  let nextTangent = tangent(at: corrected.point, orientedAlong: tau),
                  zip(nextTangent, tau).reduce(0, { $0 + $1.0 * $1.1 }) >= 0.95 else {
                h *= 0.25
                continue
            }
            let next = corrected.point
            result.steps += 1
            let sign = determinantSign(at: next)?.sign
            if (tau[m] > 0) != (nextTangent[m] > 0), !(startsAtFold && result.steps == 1) {
                // τ_θ changed sign: a turning point between u and next.
                let fold = locateFold(from: u, tangent: tau, step: h, endTangent: nextTangent, steps: result.steps)
                result.folds.append(fold)
                if stopAtFold { result.stop = .fold; return result }
            } else if let previousSign, let sign, previousSign != sign {
                result.branchPoints.append(locateBranchPoint(from: u, tangent: tau, step: h, signBefore: previousSign,
                                                             endTangent: nextTangent))
            }
            previousSign = sign ?? previousSign
            // Stops at θ = 1 (coming from below) and θ = 0 (coming from above).
            if u[m] < 1, next[m] >= 1, let x = naturalZero(between: u, and: next, at: 1) {
                result.stop = .target(x)
                return result
            }
            if u[m] > 0, next[m] <= 0, let x = naturalZero(between: u, and: next, at: 0) {
                result.stop = .start(x)
                return result
            }
            u = next
            tau = nextTangent
            h = min(maximumStep, corrected.iterations <= 2 ? 2 * h : (corrected.iterations <= 4 ? 1.3 * h : h))
        }
        result.stop = .budget(u)
        return result
    }

    /// The zero of H(·, θ_target) by Newton from the linear interpolation of two neighbouring
    /// branch points whose θ bracket θ_target.
    private func naturalZero(between u: [Double], and v: [Double], at thetaTarget: Double) -> [Double]? {
        let m = family.dimension
        let weight = (thetaTarget - u[m]) / (v[m] - u[m])
        let guess = (0..<m).map { u[$0] + weight * (v[$0] - u[$0]) }
        let newton = NewtonSolver(NewtonOptions(relativeTolerance: relativeTolerance, maximumIterations: 20, usesLineSearch: false))
        let solution = newton.solve(family.problem(at: parameter(thetaTarget), initialGuess: guess))
        guard solution.isConverged else { return nil }
        // The same curve: the zero is near the interpolation (a jump would be far).
        let gap = infinityNorm(zip(solution.point, guess).map { $0 - $1 })
        let size = max(infinityNorm(zip(u[0..<m], v[0..<m]).map { $0 - $1 }), 1e-8 * max(1, infinityNorm(guess)))
        return gap <= 10 * size ? solution.point : nil
    }

    /// The fold between u (τ_θ > 0 side, say) and the point at arclength h: Illinois regula falsi
    /// on f(s) = τ_θ(s) over [0, h], f(0) = τ_θ(u), f(h) = τ_θ(end).
    private func locateFold(from u: [Double], tangent tau: [Double], step h: Double, endTangent: [Double],
                            steps: Int) -> FoldLocation {
        let m = family.dimension
        var lower = 0.0, upper = h
        var fLower = tau[m], fUpper = endTangent[m]
        var best: (point: [Double], tangent: [Double]) = (u, tau)
        var side = 0
        for _ in 0..<100 {
            var s = (lower * fUpper - upper * fLower) / (fUpper - fLower)
            if !(s > lower && s < upper) { s = 0.5 * (lower + upper) }
            guard let corrected = correct(from: u, along: tau, step: s),
                  let t = tangent(at: corrected.point, orientedAlong: tau) else {
                // Fall back to bisection of the bracket when a corrector fails.
                s = 0.5 * (lower + upper)
                guard let c = correct(from: u, along: tau, step: s), let t2 = tangent(at: c.point, orientedAlong: tau) else { break }
                if (t2[m] > 0) == (fLower > 0) { lower = s; fLower = t2[m] } else { upper = s; fUpper = t2[m] }
                best = (c.point, t2)
                continue
            }
            best = (corrected.point, t)
            if t[m] == 0 { break }
            if (t[m] > 0) == (fLower > 0) {
                lower = s; fLower = t[m]
                if side == -1 { fUpper *= 0.5 }
                side = -1
            } else {
                upper = s; fUpper = t[m]
                if side == 1 { fLower *= 0.5 }
                side = 1
            }
            if upper - lower <= 1e-13 * max(h, 1e-300) || abs(t[m]) <= 1e-14 { break }
        }
        let x = Array(best.point[0..<m])
        let p = parameter(best.point[m])
        let local = LocalLinearization(family.problem(at: p, initialGuess: x), at: x, p)
        return FoldLocation(parameter: p, point: x, reciprocalCondition: local?.reciprocalCondition ?? 0,
                            nullVectorOverlap: local.map { nullVectorOverlap($0, tangent: Array(best.tangent[0..<m])) } ?? 1,
                            tangentParameterBefore: tau[m], tangentParameterAfter: endTangent[m],
                            tangentParameterAtFold: abs(best.tangent[m]), arclengthSteps: steps,
                            normalizedPoint: best.point, tangent: best.tangent)
    }

    /// |cos ∠(v, τ_x)| with v from three steps of inverse iteration on D_xH from the fixed
    /// start (1, 1/2, 1/3, …) with alternating signs (no knowledge of τ).
    private func nullVectorOverlap(_ local: LocalLinearization, tangent: [Double]) -> Double {
        var v = (0..<tangent.count).map { ($0 % 2 == 0 ? 1.0 : -1.0) / Double($0 + 1) }
        for _ in 0..<3 {
            guard let w = try? local.factorization.solve(v), w.allSatisfy(\.isFinite) else { return .nan }
            let length = euclideanNorm(w)
            guard length > 0 else { return .nan }
            v = w.map { $0 / length }
        }
        let tangentLength = euclideanNorm(tangent)
        guard tangentLength > 0 else { return .nan }
        return abs(zip(v, tangent).reduce(0) { $0 + $1.0 * $1.1 }) / tangentLength
    }

    /// Bisection on the sign of det D_xH along the arclength between u and the point at h.
    private func locateBranchPoint(from u: [Double], tangent tau: [Double], step h: Double, signBefore: Int,
                                   endTangent: [Double]) -> BranchPointLocation {
        let m = family.dimension
        var lower = 0.0, upper = h
        var best = u
        for _ in 0..<60 {
            let s = 0.5 * (lower + upper)
            guard let corrected = correct(from: u, along: tau, step: s), let sign = determinantSign(at: corrected.point) else { break }
            best = corrected.point
            if sign.sign == signBefore { lower = s } else { upper = s }
            if upper - lower <= 1e-13 * h { break }
        }
        let x = Array(best[0..<m])
        let p = parameter(best[m])
        return BranchPointLocation(parameter: p, point: x, reciprocalCondition: determinantSign(at: best)?.reciprocalCondition ?? 0,
                                   tangentParameterBefore: tau[m], tangentParameterAfter: endTangent[m])
    }
}
