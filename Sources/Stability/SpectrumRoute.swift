/// Which linear algebra produced a `Spectrum` (proofs/structure.md).
public enum SpectrumRoute: Sendable, Equatable, CustomStringConvertible {
    /// The real Schur form of the whole 2n × 2n Jacobian (the structure was absent, not worth
    /// using, or the dense route was asked for).
    case dense
    /// The bordered reduction of a rank-one W: dgees of the order-`reducedOrder` matrix M plus
    /// the exact copies of −1/τ_a (proofs/structure.md §9.2–§9.4).
    case structured(reducedOrder: Int)
    /// The bordered reduction with M's leading block symmetrizable (symmetric W_r): dsyevd of
    /// order n and the arrowhead's secular equation instead of M's Schur form, plus the exact
    /// copies of −1/τ_a (proofs/structure.md §9.7). `reusedEigenbasis`: the symmetric
    /// eigenproblem was not solved again but taken from the branch's eigendecomposition of
    /// W_r − I (an affine image of it, checked: §9.7, proofs/newton.md §7.11).
    case symmetricArrowhead(reducedOrder: Int, reusedEigenbasis: Bool = false)
    /// The structured route was tried and refused for `reason`; the result is the dense one.
    case fallback(SpectrumFallbackReason)

    /// "dense", "structured" or "fallback" (the CSV/JSON column value).
    public var name: String {
        switch self {
        case .dense: "dense"
        case .structured, .symmetricArrowhead: "structured"
        case .fallback: "fallback"
        }
    }

    public var description: String {
        switch self {
        case .dense: "dense (2n × 2n Schur form)"
        case .structured(let order): "structured (bordered matrix of order \(order) + exact −1/τ_a copies)"
        case .symmetricArrowhead(let order, let reused):
            "structured (bordered matrix of order \(order) by "
                + (reused ? "the branch's eigendecomposition of W_r − I (order \(order - 1))" : "a symmetric eigensolver of order \(order - 1)")
                + " and its secular equation + exact −1/τ_a copies)"
        case .fallback(let reason): "dense after a structured fallback: \(reason.rawValue)"
        }
    }

    /// The order of M for either structured route, nil otherwise.
    public var reducedOrder: Int? {
        switch self {
        case .structured(let order), .symmetricArrowhead(let order, _): order
        case .dense, .fallback: nil
        }
    }

    /// True for `.fallback`.
    public var isFallback: Bool { if case .fallback = self { true } else { false } }
}

/// Why the structured spectrum route handed over to the dense one (proofs/structure.md §9.5).
public enum SpectrumFallbackReason: String, Sendable, Equatable, CaseIterable, Error {
    /// `structured` was forced but no rank-one structure was given, or its lengths do not match J.
    case structureAbsent = "no rank-one structure"
    /// J's top-right block is not diagonal, or its a-rows are not (u/τ_a)vᵀ − [0, diag(1/τ_a)]
    /// within the dense route's own backward error.
    case structureResidual = "structure residual above the dense backward error"
    /// An eigenvalue of M lies within the bands of an exact −1/τ_a copy (or equals it): the
    /// block-triangular bands do not separate them.
    case timeConstantCluster = "an eigenvalue of M meets a −1/τ_a copy"
    /// The structured bands leave the verdict undecided; the dense route decides it.
    case undecided = "structured verdict undecided"
    /// A LAPACK routine failed on M or on M − λI.
    case reducedSolveFailed = "LAPACK failed on the reduced matrix"
}
