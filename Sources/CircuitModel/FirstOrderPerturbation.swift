/// First-order perturbation of the normalization fixed point in K = W_r − I,
/// proofs/model.md eqs. (1.7)–(1.8) (variant `paper`). With (y0, a0) the closed form and
/// s0 = √a0:
///
///     a1 = W diag(2 b∘z∘(1 − s0)) K y0
///     y1 = diag(1/s0 − 1) K y0 − diag(y0/a0) W diag(b∘z∘(1 − s0)) K y0
///
/// so the branch fixed point is (y0 + y1, a0 + a1) + O(‖K‖²). Derived by linearizing
/// F(y0 + y1, a0 + a1; I + K) = 0 in K and using a0 y0² = (b∘z)², a0 y0 = b∘z∘s0.
public enum FirstOrderPerturbation {
    public enum Inapplicable: Error, Equatable, CustomStringConvertible {
        case variantNotPaper(CircuitVariant)
        case closedForm(NormalizationFixedPoint.Inapplicable)

        public var description: String {
            switch self {
            case .variantNotPaper(let variant):
                return "first-order perturbation theory is derived for variant \"paper\", not \"\(variant.rawValue)\""
            case .closedForm(let reason): return reason.description
            }
        }
    }

    /// The first-order prediction of the branch fixed point of `circuit` (any W_r).
    public static func predictedState(for circuit: Circuit) throws(Inapplicable) -> CircuitState {
        guard circuit.variant == .paper else { throw .variantNotPaper(circuit.variant) }
        let base: CircuitState
        do { base = try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit) } catch { throw .closedForm(error) }
        let n = circuit.neuronCount
        let y0 = base.y, a0 = base.a
        let s0 = a0.map { $0.squareRoot() }
        // K y0 = W_r y0 − y0.
        let recurrent = circuit.recurrentWeights.applied(to: y0)
        let kY0 = (0..<n).map { recurrent[$0] - y0[$0] }
        var weighted = [Double](repeating: 0, count: n)
        for i in 0..<n { weighted[i] = circuit.drive[i] * (1 - s0[i]) * kY0[i] }
        let pooled = circuit.normalizationWeights.applied(to: weighted)
        let a1 = pooled.map { 2 * $0 }
        var y1 = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let direct: Double = (1 / s0[i] - 1) * kY0[i]
            let viaPool: Double = y0[i] / a0[i] * pooled[i]
            y1[i] = direct - viaPool
        }
        return CircuitState(y: zip(y0, y1).map { $0 + $1 }, a: zip(a0, a1).map { $0 + $1 })
    }
}
