import LinearAlgebra

/// What the structured spectrum route needs to know about a flow Jacobian with W = u wᵀ
/// (proofs/structure.md §9.1): the column factor u of W and the time constants τ_a. The row
/// factor w and the state are not needed: the row vector v of
///
///     J[n + i, :] = (u_i/τ_a,i) vᵀ − e_{n+i}ᵀ/τ_a,i        (structure.md eq. 9.1)
///
/// is read back from J itself and the equation is checked (its residual enters the bands).
/// Build it from `WeightMatrix.rankOneFactors(order:)` (CircuitModel): `column` = u.
public struct RankOneJacobianStructure: Sendable, Equatable {
    /// u, the column factor of W (length n); zeros allowed (those a-rows decouple).
    public let column: [Double]
    /// τ_a (length n, seconds, > 0).
    public let tauA: [Double]
    /// An eigendecomposition already made of a symmetric K of which M's symmetrized leading block
    /// may be an affine function c₁I + c₂K (the branch's W_r − I, proofs/newton.md §7.11): the
    /// symmetric arrowhead route then fits c₁, c₂, checks the residual and skips its own dsyevd
    /// (structure.md §9.7). Optional; it never changes which route applies.
    public let recurrentEigenbasis: SymmetricEigenbasis?

    public init(column: [Double], tauA: [Double], recurrentEigenbasis: SymmetricEigenbasis? = nil) {
        self.column = column
        self.tauA = tauA
        self.recurrentEigenbasis = recurrentEigenbasis
    }

    /// True when the lengths fit a 2n × 2n Jacobian and every u_i, τ_a,i is finite with τ_a,i > 0.
    func fits(order m: Int) -> Bool {
        column.count == tauA.count && 2 * column.count == m && column.allSatisfy(\.isFinite)
            && tauA.allSatisfy { $0.isFinite && $0 > 0 }
    }
}
