import JacobianBuilder
import LinearAlgebra

/// DF at a point, as the solver receives it: a dense matrix, or the factored form of a circuit
/// with W = u wᵀ (`StructuredResidualJacobian`, proofs/newton.md §7.10).
public enum LinearizedJacobian: Sendable {
    case dense(ColumnMajorMatrix)
    case structured(StructuredResidualJacobian)
    /// A structured DF whose y-block is Q diag(λ) Qᵀ (symmetric W_r, uniform a: §7.11).
    case structuredSymmetric(StructuredResidualJacobian, SymmetricActivityBlock)

    /// The structured form, either way.
    var structuredJacobian: StructuredResidualJacobian? {
        switch self {
        case .dense: nil
        case .structured(let jacobian), .structuredSymmetric(let jacobian, _): jacobian
        }
    }

    /// m = 2n.
    public var dimension: Int {
        switch self {
        case .dense(let matrix): return matrix.rows
        case .structured(let jacobian), .structuredSymmetric(let jacobian, _): return 2 * jacobian.order
        }
    }

    /// DF as a dense m × m matrix.
    public func denseMatrix() -> ColumnMajorMatrix {
        switch self {
        case .dense(let matrix): return matrix
        case .structured(let jacobian), .structuredSymmetric(let jacobian, _): return jacobian.denseMatrix()
        }
    }

    /// ‖DF_i,:‖₁ for every row (for the stopping rule (7.4′)).
    public func rowOneNorms() -> [Double] {
        switch self {
        case .dense(let matrix): return matrix.absoluteSums.rows
        case .structured(let jacobian), .structuredSymmetric(let jacobian, _): return jacobian.rowOneNorms()
        }
    }

    /// Factors DF by the route its form allows: dense LU, or one LU of the reduced (n+1) × (n+1)
    /// matrix K (§7.10) — unless K's condition estimate is more than `JacobianFactorization.
    /// fallbackRatio` times worse than DF's, when the dense LU is used instead (a counted fallback).
    /// `defersConditionEstimate`: see `JacobianFactorization.init(structured:symmetricBlock:
    /// defersConditionEstimate:)` (only eigenbasis factorizations defer).
    public func factorized(defersConditionEstimate: Bool = false) throws(LinearAlgebraError) -> JacobianFactorization {
        switch self {
        case .dense(let matrix): return try JacobianFactorization(dense: matrix)
        case .structured(let jacobian): return try JacobianFactorization(structured: jacobian)
        case .structuredSymmetric(let jacobian, let block):
            return try JacobianFactorization(structured: jacobian, symmetricBlock: block, defersConditionEstimate: defersConditionEstimate)
        }
    }
}

/// A factored DF with what the solvers need from it: solves, 1/κ₁(DF) (estimated) and
/// sign det DF, whichever route made it (proofs/newton.md §7.3, §7.10).
public struct JacobianFactorization: Sendable {
    enum Storage: Sendable {
        case dense(LUFactorization)
        case structured(StructuredFactorization)
    }
    let storage: Storage
    /// m.
    public let order: Int
    /// Estimate of 1/κ₁(DF) (`dgecon` for the dense route; Hager–Higham with the structured
    /// solves for the structured one); 0 when singular. When `conditionIsEstimated` is false, a
    /// guaranteed lower bound of 1/κ₁(DF) instead (eq. 7.18), below the estimate.
    public let reciprocalCondition: Double
    /// False for a deferred estimate (`defersConditionEstimate`): `reciprocalCondition` is then
    /// the lower bound; `withConditionEstimate()` gives the estimated factorization.
    public let conditionIsEstimated: Bool
    /// sign det DF.
    public let determinantSign: Int
    /// The structured route was asked for but its reduced matrix was predicted to lose accuracy
    /// (`fallbackRatio`), so DF was factored densely.
    public let isFallback: Bool
    /// True when the reduced system is solved through Y = Q diag(λ) Qᵀ, no LU (§7.11).
    public var usesEigenbasis: Bool {
        if case .structured(let factorization) = storage, case .symmetric = factorization.reduced { return true }
        return false
    }
    /// True when the structured route made this factorization.
    public var isStructured: Bool { if case .structured = storage { return true } else { return false } }

    /// The structured route gives way to dense LU when 1/κ₁(K) < fallbackRatio · 1/κ₁(DF): K would
    /// amplify rounding more than 1/fallbackRatio times as much as DF itself (§7.10).
    public static let fallbackRatio = 1e-3

    /// Dense LU of DF (`dgetrf`, `dgecon`).
    public init(dense matrix: ColumnMajorMatrix, isFallback: Bool = false) throws(LinearAlgebraError) {
        let lu = try LUFactorization(matrix)
        var sign = 1
        for i in 0..<lu.order {
            if lu.factors[i, i] < 0 { sign = -sign }
            if lu.pivots[i] != Int32(i + 1) { sign = -sign }
        }
        self.init(storage: .dense(lu), order: lu.order, reciprocalCondition: (try? lu.reciprocalConditionNumber()) ?? 0,
                  determinantSign: sign, isFallback: isFallback)
    }

    /// The structured route (§7.10), or dense LU when K is predicted to be much worse
    /// conditioned than DF or cannot be factored.
    public init(structured jacobian: StructuredResidualJacobian) throws(LinearAlgebraError) {
        try self.init(structured: jacobian, symmetricBlock: nil)
    }

    /// As above, with K solved through Y = Q diag(λ) Qᵀ when `symmetricBlock` is given and checks
    /// out (§7.11): the same 1/κ₁(DF) estimate, sign det and fallback rule, with the solver's own
    /// amplification in place of 1/κ₁(K); when that rule rejects it, K is LU-factored as without
    /// the block (and that route's rule applies).
    ///
    /// With `defersConditionEstimate`, an eigenbasis factorization whose amplification passes the
    /// fallback rule whatever 1/κ₁(DF) is (1/amplification ≥ `fallbackRatio`) skips Hager–Higham
    /// and reports the guaranteed lower bound of 1/κ₁(DF) of §7.11 (eq. 7.18) instead
    /// (`conditionIsEstimated` false); `withConditionEstimate()` runs the estimate when the value
    /// itself is needed. Every other factorization is estimated at once.
    init(structured jacobian: StructuredResidualJacobian, symmetricBlock: SymmetricActivityBlock?,
         defersConditionEstimate: Bool = false) throws(LinearAlgebraError) {
        guard jacobian.vectorsAreFinite else { throw .nonFiniteInput(operation: "structured factorization") }
        let factorization: StructuredFactorization
        do {
            factorization = try StructuredFactorization(jacobian, symmetricBlock: symmetricBlock)
        } catch {
            if case .nonFiniteInput = error { throw error }
            try self.init(dense: jacobian.denseMatrix(), isFallback: true)
            return
        }
        let m = 2 * jacobian.order
        if defersConditionEstimate, case .symmetric = factorization.reduced,
           let amplification = try? factorization.reduced.reciprocalAmplification(), amplification >= Self.fallbackRatio,
           let bound = factorization.reciprocalConditionLowerBound(), bound > 0, bound.isFinite {
            self.init(storage: .structured(factorization), order: m, reciprocalCondition: bound,
                      determinantSign: factorization.determinantSign, isFallback: false, conditionIsEstimated: false)
            return
        }
        let rcond = Self.estimatedReciprocalCondition(factorization)
        let reducedRcond = (try? factorization.reduced.reciprocalAmplification()) ?? 0
        // Fall back when K is predicted to be much worse conditioned than DF. At a true
        // singularity both are ≈ 0 (det DF = −det(diag g) det K), so no fallback there.
        if !(reducedRcond >= Self.fallbackRatio * min(rcond, 1)) {
            if case .symmetric = factorization.reduced {
                try self.init(structured: jacobian, symmetricBlock: nil)
                return
            }
            try self.init(dense: jacobian.denseMatrix(), isFallback: true)
            return
        }
        self.init(storage: .structured(factorization), order: m, reciprocalCondition: rcond,
                  determinantSign: factorization.determinantSign, isFallback: false)
    }

    /// Hager–Higham's 1/κ₁(DF) = 1/(‖DF‖₁ ‖DF⁻¹‖₁) through the structured solves (§7.10), ‖DF‖₁
    /// summed from the factored form; 0 when a solve fails or the estimate is not finite.
    private static func estimatedReciprocalCondition(_ factorization: StructuredFactorization) -> Double {
        guard let inverseNorm = estimateInverseOneNorm(order: factorization.order, solve: { try? factorization.solve($0) },
                                                       solveTransposed: { try? factorization.solveTransposed($0) }),
              inverseNorm > 0, inverseNorm.isFinite else { return 0 }
        let rcond = 1 / (factorization.jacobian.oneNorm() * inverseNorm)
        return rcond.isFinite ? rcond : 0
    }

    private init(storage: Storage, order: Int, reciprocalCondition: Double, determinantSign: Int, isFallback: Bool,
                 conditionIsEstimated: Bool = true) {
        self.storage = storage
        self.order = order
        self.conditionIsEstimated = conditionIsEstimated
        self.reciprocalCondition = reciprocalCondition
        self.determinantSign = determinantSign
        self.isFallback = isFallback
    }

    /// This factorization with `reciprocalCondition` the Hager–Higham estimate (itself when it
    /// already is): the same number a non-deferred factorization reports.
    public func withConditionEstimate() -> JacobianFactorization {
        guard !conditionIsEstimated, case .structured(let factorization) = storage else { return self }
        return JacobianFactorization(storage: storage, order: order,
                                     reciprocalCondition: Self.estimatedReciprocalCondition(factorization),
                                     determinantSign: determinantSign, isFallback: isFallback)
    }

    /// x with DF x = b (DFᵀ x = b when `transposed`).
    public func solve(_ b: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        switch storage {
        case .dense(let lu): return try lu.solve(b, transposed: transposed)
        case .structured(let factorization):
            return transposed ? try factorization.solveTransposed(b) : try factorization.solve(b)
        }
    }
}
