import ComplexModule
import RealModule
import LinearAlgebra

/// Floquet analysis of a candidate periodic orbit.
///
/// Integrates the state with its variational equations over one period T,
///     x' = f(x),   Φ' = J(x(t)) Φ,   x(0) = x_s (a section point),   Φ(0) = I,
/// as one system of dimension n + n² (Dormand–Prince, rtol = `monodromyTolerance`). The
/// eigenvalues of the monodromy matrix Φ(T) are the Floquet multipliers; on a periodic
/// orbit one of them is exactly 1 (the flow direction f(x_s) is mapped to itself), and the
/// orbit is orbitally asymptotically stable when all others satisfy |μ| < 1
/// (Guckenheimer & Holmes 1983, §1.5). The distance of the trivial multiplier from 1
/// measures the accuracy of T and Φ together.
/// - Complexity: O(n³) per evaluation (J Φ by `dgemm`), so O(steps · n³) per period.
enum MonodromyMatrix {
    /// The confirmed cycle, or nil when the trivial multiplier is further than 1e-3 from 1
    /// (the candidate was not yet periodic to that accuracy) or the integration failed.
    static func confirm(_ candidate: LimitCycleCandidate, problem: AttractorProblem,
                        options: AttractorOptions) -> LimitCycleAttractor? {
        let n = candidate.sectionPoint.count
        var initial = candidate.sectionPoint
        initial += ColumnMajorMatrix.identity(n).elements
        let variational = try? ODEProblem(vectorField: { _, z, dz in
            let x = Array(z[0..<n])
            var fx = [Double](repeating: 0, count: n)
            problem.vectorField(0, x, &fx)
            for i in 0..<n { dz[i] = fx[i] }
            guard let phi = try? ColumnMajorMatrix(rows: n, columns: n, columnMajor: Array(z[n...])) else { return }
            let product = problem.jacobian(at: x) * phi
            for k in 0..<(n * n) { dz[n + k] = product.elements[k] }
        }, initialState: initial, endTime: candidate.period, isAutonomous: true)
        guard let variational else { return nil }
        let samples = 400.0
        let integration = ODEOptions(method: .dormandPrince, relativeTolerance: options.monodromyTolerance,
                                     absoluteTolerance: options.monodromyTolerance * 1e-2,
                                     sampling: .uniform(interval: candidate.period / samples))
        guard let solution = try? ODESolver(integration).solve(variational), solution.status == .success,
              let phi = try? ColumnMajorMatrix(rows: n, columns: n, columnMajor: Array(solution.finalState[n...])),
              let multipliers = try? Eigendecomposition(phi).eigenvalues, !multipliers.isEmpty
        else { return nil }

        var amplitudes = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var low = Double.infinity, high = -Double.infinity
            for state in solution.states { low = min(low, state[k]); high = max(high, state[k]) }
            amplitudes[k] = (high - low) / 2
        }
        let distances = multipliers.map { ($0 - Complex(1, 0)).length }
        guard let trivialIndex = distances.indices.min(by: { distances[$0] < distances[$1] }) else { return nil }
        let trivialError = distances[trivialIndex]
        guard trivialError <= 1e-3 else { return nil }
        let largest = multipliers.indices.filter { $0 != trivialIndex }.map { multipliers[$0].length }.max() ?? 0
        return LimitCycleAttractor(period: candidate.period, amplitudes: amplitudes,
                                   sectionCoordinate: candidate.section.coordinate,
                                   sectionLevel: candidate.section.level, sectionPoint: candidate.sectionPoint,
                                   floquetMultipliers: multipliers, trivialMultiplierError: trivialError,
                                   largestNontrivialMultiplier: largest)
    }
}
