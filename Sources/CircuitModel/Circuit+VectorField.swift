/// The steady-state residual and the flow, proofs/model.md eqs. (1.1)–(1.3):
///
///     F_y,i(x) = −y_i + b_i z_i + (1 − √a⁺_i) r_i(y)
///     F_a,i(x) = −a_i + (b0_i σ_i)² + Σ_j W_ij q_j(y, a)
///     dx/dt    = diag(1/τ) F(x),   τ = (τ_y, τ_a)
///
/// with r and q as in `CircuitVariant`. The state is x = (y_1..y_n, a_1..a_n). Zeros of F
/// are the fixed points; the time constants do not move them.
/// - Complexity: O(n²) for dense weights, O(n) for identity/ones; no heap allocation in
///   the buffer-based entry points (two n-length stack temporaries).
extension Circuit {
    /// F(x) into `out` (both of length 2n).
    public func residual(_ state: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = neuronCount
        precondition(state.count == 2 * n && out.count == 2 * n, "state length must be 2n")
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { scratch in
            let transformed = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            let recurrent = UnsafeMutableBufferPointer(rebasing: scratch[n..<(2 * n)])
            let pool = UnsafeMutableBufferPointer(rebasing: scratch[(2 * n)..<(3 * n)])
            // Recurrent drive r = W_r φ(y), or max(W_r y, 0).
            for i in 0..<n { transformed[i] = variant == .rectified ? max(state[i], 0) : state[i] }
            recurrentWeights.apply(UnsafeBufferPointer(transformed), into: recurrent)
            if variant == .rectifiedRecurrence {
                for i in 0..<n { recurrent[i] = max(recurrent[i], 0) }
            }
            // Normalization drive q_j = a⁺_j φ(y_j)², pooled by W.
            for j in 0..<n {
                let y = variant == .paper ? state[j] : max(state[j], 0)
                transformed[j] = max(state[n + j], 0) * y * y
            }
            normalizationWeights.apply(UnsafeBufferPointer(transformed), into: pool)
            for i in 0..<n {
                let y = state[i], a = state[n + i]
                out[i] = -y + drive[i] + (1 - max(a, 0).squareRoot()) * recurrent[i]
                out[n + i] = -a + poolConstant[i] + pool[i]
            }
        }
    }

    /// F(x) as a new array.
    public func residual(at state: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: state.count)
        state.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { residual(s, into: $0) } }
        return out
    }

    /// dx/dt = diag(1/τ) F(x) into `out`.
    public func vectorField(_ state: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        residual(state, into: out)
        let n = neuronCount
        for i in 0..<n {
            out[i] /= tauY[i]
            out[n + i] /= tauA[i]
        }
    }

    /// dx/dt as a new array.
    public func vectorField(at state: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: state.count)
        state.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { vectorField(s, into: $0) } }
        return out
    }

    /// The size of the terms that F sums, per component (for relative convergence tests):
    /// |y_i| + |b_i z_i| + |(1 − √a⁺_i) r_i| for F_y and |a_i| + c_i² + |Σ_j W_ij q_j| for F_a.
    /// A residual is "small" relative to this scale, which is positive (c² > 0).
    public func residualScale(at state: [Double]) -> [Double] {
        let n = neuronCount
        let y = Array(state[0..<n])
        let phi = variant == .rectified ? y.map { max($0, 0) } : y
        var recurrent = recurrentWeights.applied(to: phi)
        if variant == .rectifiedRecurrence { recurrent = recurrent.map { max($0, 0) } }
        let q = (0..<n).map { j -> Double in
            let yj = variant == .paper ? y[j] : max(y[j], 0)
            return max(state[n + j], 0) * yj * yj
        }
        let pool = normalizationWeights.applied(to: q)
        var scale = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            scale[i] = abs(y[i]) + abs(drive[i]) + abs((1 - max(state[n + i], 0).squareRoot()) * recurrent[i])
            scale[n + i] = abs(state[n + i]) + poolConstant[i] + abs(pool[i])
        }
        return scale
    }
}
