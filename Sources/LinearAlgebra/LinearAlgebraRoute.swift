/// Which linear algebra serves a circuit's Newton systems and spectrum (proofs/structure.md).
///
/// `structured` uses the rank-one form of the Jacobian when W = u wᵀ (n × n work);
/// `dense` factors the 2n × 2n matrix; `automatic` takes the structured route wherever the
/// structure is present and the dense one elsewhere. Forcing `dense` exists to cross-check.
public enum LinearAlgebraRoute: String, Sendable, Equatable, CaseIterable, Codable {
    case automatic = "auto"
    case dense
    case structured
}
