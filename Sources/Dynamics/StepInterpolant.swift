/// The continuous extension of one accepted step [t₀, t₀ + h], in θ = (t − t₀)/h ∈ [0, 1].
///
/// * Dormand–Prince (Hairer, Nørsett & Wanner I, §II.6; the `CONTD5` form of `dopri5.f`,
///   Shampine's 4th-order continuous extension): with r₁ = x₀, r₂ = x₁ − x₀,
///   r₃ = h k₁ − r₂, r₄ = r₂ − h k₇ − r₃, r₅ = h Σ dᵢ kᵢ (`DormandPrince54Tableau.dense`),
///       x(t₀ + θh) = r₁ + θ (r₂ + (1−θ) (r₃ + θ (r₄ + (1−θ) r₅))),
///   exact at θ = 0 and 1, with the step's derivatives at both ends; error O(h⁵).
/// * Rosenbrock 2(3) (Shampine & Reichelt 1997, §3.1): with d = 1/(2 + √2),
///       x(t₀ + θh) = x₀ + h (θ(1−θ)/(1−2d) k₁ + θ(θ−2d)/(1−2d) k₂),
///   second order, exact at θ = 0 and 1.
public struct StepInterpolant: Sendable {
    public enum Kind: Sendable { case dormandPrince, rosenbrock }

    public let kind: Kind
    public let startTime: Double
    public let stepSize: Double
    /// Dormand–Prince: r₁…r₅. Rosenbrock: x₀, h k₁, h k₂.
    let coefficients: [[Double]]

    /// The state at `time` (extrapolates outside the step; callers stay inside).
    public func state(at time: Double) -> [Double] {
        var result = [Double](repeating: 0, count: coefficients[0].count)
        state(at: time, into: &result)
        return result
    }

    /// The state at `time` into a buffer of the state's length.
    public func state(at time: Double, into result: inout [Double]) {
        let theta = stepSize == 0 ? 0 : (time - startTime) / stepSize
        switch kind {
        case .dormandPrince:
            let r1 = coefficients[0], r2 = coefficients[1], r3 = coefficients[2]
            let r4 = coefficients[3], r5 = coefficients[4]
            let theta1 = 1 - theta
            for i in result.indices {
                result[i] = r1[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])))
            }
        case .rosenbrock:
            let d = RosenbrockStepper.d
            let w1 = theta * (1 - theta) / (1 - 2 * d), w2 = theta * (theta - 2 * d) / (1 - 2 * d)
            let x0 = coefficients[0], hk1 = coefficients[1], hk2 = coefficients[2]
            for i in result.indices { result[i] = x0[i] + w1 * hk1[i] + w2 * hk2[i] }
        }
    }

    public var endTime: Double { startTime + stepSize }
}
