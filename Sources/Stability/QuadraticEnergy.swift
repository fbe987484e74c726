import LinearAlgebra

/// The quadratic energy V(δx) = δxᵀ P δx of a linearization δẋ = J δx, with P the solution of
/// Jᵀ P + P J = −I (proofs/energy.md, eqs. 6.7–6.8): along every trajectory
/// dV/dt = δxᵀ(JᵀP + PJ)δx = −|δx|², hence V(t) ≤ V(0) exp(−t / λ_max(P)).
public struct QuadraticEnergy: Sendable {
    /// P (symmetric m × m).
    public let matrix: ColumnMajorMatrix

    /// V from a symmetric P (e.g. `LyapunovCertificate.solution`).
    public init(matrix: ColumnMajorMatrix) { self.matrix = matrix }

    /// V from a certificate; `nil` unless the certificate holds a P.
    public init?(certificate: LyapunovCertificate) {
        guard let p = certificate.solution else { return nil }
        matrix = p
    }

    /// V(δx) = δxᵀ P δx.
    /// - Throws: `.wrongLength` when δx does not have m entries.
    public func value(at deviation: [Double]) throws(StabilityError) -> Double {
        guard deviation.count == matrix.rows else {
            throw .wrongLength(argument: "deviation", expected: matrix.rows, found: deviation.count)
        }
        let pDeviation = matrix.multiply(deviation)
        return zip(deviation, pDeviation).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// V(δx(t_k)) along the linearized trajectory δx(t) = exp(J t) δx₀ (eq. 6.12).
    ///
    /// Times must be finite, ≥ 0 and non-decreasing; each step propagates
    /// δx(t_k) = exp(J (t_k − t_{k−1})) δx(t_{k−1}), exp by `exponential()` ([6/6] Padé with
    /// scaling and squaring; one exponential per distinct step, reused for equal steps), so
    /// rounding accumulates linearly in the number of samples.
    /// - Throws: `.wrongLength`, `.invalidTime`, or the errors of `exponential()`.
    public func valuesAlongLinearizedTrajectory(jacobian: ColumnMajorMatrix, initialDeviation: [Double],
                                                times: [Double]) throws(StabilityError) -> [Double] {
        try validateJacobian(jacobian)
        guard jacobian.rows == matrix.rows else {
            throw .wrongLength(argument: "jacobian order", expected: matrix.rows, found: jacobian.rows)
        }
        guard initialDeviation.count == matrix.rows else {
            throw .wrongLength(argument: "initialDeviation", expected: matrix.rows, found: initialDeviation.count)
        }
        var previousTime = 0.0
        var state = initialDeviation
        var values: [Double] = []
        var cachedStep = Double.nan, cachedPropagator = jacobian
        values.reserveCapacity(times.count)
        for (index, time) in times.enumerated() {
            guard time.isFinite, time >= previousTime else { throw .invalidTime(index: index, value: time) }
            let step = time - previousTime
            if step > 0 {
                if step != cachedStep {
                    cachedPropagator = try (step * jacobian).exponential()
                    cachedStep = step
                }
                state = cachedPropagator.multiply(state)
            }
            values.append(try value(at: state))
            previousTime = time
        }
        return values
    }
}
