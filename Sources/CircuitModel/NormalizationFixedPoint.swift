/// The closed-form fixed point for W_r = I, proofs/model.md eqs. (1.4)–(1.6).
///
/// Variant `paper`: a = c² + W (b∘z)², y = b∘z / √a; the firing rates y² are the
/// divisive normalization equation y_i² = (b_i z_i)² / (c_i² + Σ_j W_ij (b_j z_j)²).
/// Variants `rectified` and `rectified-recurrence` (equal when W_r = I):
/// a = c² + W max(b∘z, 0)², y_i = b_i z_i/√a_i where b_i z_i > 0, y_i = b_i z_i otherwise.
public enum NormalizationFixedPoint {
    /// Why the closed form does not apply.
    public enum Inapplicable: Error, Equatable, CustomStringConvertible {
        /// W_r ≠ I: there is no closed form; continue the branch from it instead.
        case recurrentWeightsNotIdentity
        /// Some a_i ≤ 0 (possible only when W has negative entries).
        case nonPositiveModulator(index: Int, value: Double)

        public var description: String {
            switch self {
            case .recurrentWeightsNotIdentity:
                return "the closed-form normalization fixed point needs W_r = identity; for another W_r use 'organics solve' (continuation from W_r = I)"
            case let .nonPositiveModulator(index, value):
                return "the closed form gives a[\(index)] = \(value) ≤ 0 (W has negative entries), so y = b z/√a is undefined"
            }
        }
    }

    /// The closed form for the circuit's own W_r (which must be the identity).
    public static func state(for circuit: Circuit) throws(Inapplicable) -> CircuitState {
        guard circuit.recurrentWeights.isIdentity else { throw .recurrentWeightsNotIdentity }
        return try stateIgnoringRecurrence(for: circuit)
    }

    /// The closed form of the circuit with W_r replaced by I: the start (t = 0) of the
    /// normalization branch for any W_r (proofs/model.md §1.3).
    public static func stateIgnoringRecurrence(for circuit: Circuit) throws(Inapplicable) -> CircuitState {
        let drive = circuit.variant == .paper ? circuit.drive : circuit.drive.map { max($0, 0) }
        let pool = circuit.normalizationWeights.applied(to: drive.map { $0 * $0 })
        let a = zip(circuit.poolConstant, pool).map { $0 + $1 }
        if let bad = a.firstIndex(where: { !($0 > 0) }) { throw .nonPositiveModulator(index: bad, value: a[bad]) }
        let y = (0..<circuit.neuronCount).map { i -> Double in
            let bz = circuit.drive[i]
            if circuit.variant != .paper && bz <= 0 { return bz }
            return bz / a[i].squareRoot()
        }
        return CircuitState(y: y, a: a)
    }
}
