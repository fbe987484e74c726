import LinearAlgebra

extension LyapunovCertificate {
    /// Solves Jᵀ P + P J = −I by Bartels–Stewart and judges P (proofs/energy.md, eqs. 6.7–6.9d):
    ///
    ///  1. J = Z T Zᵀ, real Schur form by dgees (Z orthogonal, T quasi-triangular);
    ///  2. Tᵀ P̃ + P̃ T = −Zᵀ I Z = −I by dtrsyl (transposeA, sign +1), P̃ = X / scale;
    ///  3. P = Z P̃ Zᵀ, symmetrized (P + Pᵀ)/2 (exactly symmetric in floating point);
    ///  4. R = JᵀP + PJ + I; relative residual ‖R‖_F/(2‖J‖_F‖P‖_F + 1) ≤ residualFactor·m·ε,
    ///     else `.inconclusive(.residualTooLarge)`;
    ///  5. floating-point Cholesky P = L Lᵀ (dpotrf): failure is `.refuted` (eq. 6.11: the
    ///     computed P is not numerically positive definite — evidence, not a proof, that J is
    ///     not Hurwitz or too close to the boundary); success alone proves nothing (the
    ///     rounding of the test is not accounted for) and is recorded as
    ///     `floatingPointCholeskySucceeded`, the rule used before rigorous verification;
    ///  6. `VerifiedLyapunovMargin` (after up to two steps of iterative refinement of P with the
    ///     residual JᵀP + PJ + I evaluated by compensated dot products, when the first P fails): P ≻ 0 and −(JᵀP + PJ) ≻ 0 verified in exact arithmetic for
    ///     the floating-point J and P, every rounding error bounded (eqs. 6.9a–6.9d). Only then
    ///     `.certified`, with the margin β: α(J) ≤ −β and J + E Hurwitz for ‖E‖₂ < β.
    ///     Otherwise `.inconclusive(.marginNotVerified)`.
    ///
    /// Stiff circuit Jacobians (entries 10¹² next to 10⁻⁷) can fail steps 2, 4, 5 or 6 through
    /// bad scaling alone: P's condition number grows like ‖J‖/|α|. Then steps 1–6 are repeated
    /// on the balanced J' = D⁻¹JD (`DiagonalBalancing`, powers of two; used only after checking
    /// that D J' D⁻¹ reproduces J bit for bit, so J' is exactly similar to J), solving
    /// J'ᵀP' + P'J' = −I (eq. 6.7b). A verified P' proves J' Hurwitz, hence J. In J's
    /// coordinates P = D⁻¹P'D⁻¹ solves JᵀP + PJ = −Q with Q = D⁻² (`equationWeights`), and
    /// V = δxᵀPδx still decreases, dV/dt = −δxᵀQδx. The retry is used when it certifies or
    /// when the first attempt produced no P; `balanced` records it, and `relativeResidual`,
    /// `absoluteResidual` and `verifiedMargin` then refer to the balanced equation (the margin
    /// β bounds α(J) = α(J') either way; the robustness radius is for ‖D⁻¹ E D‖₂).
    ///
    /// Never `.certified` for a floating-point J that is not Hurwitz: the verified margin is a
    /// proof (under IEEE 754 round-to-nearest and conventional BLAS products).
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a dgees failure.
    /// - Complexity: ≈ 25 m³ (dgees) + m³ (dtrsyl) + 4 m³ (back transformation) + 2 m³ (JᵀP)
    ///   + two dsyevd + up to eight m³/3 Choleskys, twice when the balanced retry runs.
    public init(jacobian: ColumnMajorMatrix, options: LyapunovOptions = LyapunovOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        var judged = try LyapunovCertificate.judge(jacobian, options: options)
        if judged.status != .certified {
            let balancing = DiagonalBalancing(jacobian)
            let d = balancing.scaling
            if d.contains(where: { $0 != 1 }), d.allSatisfy({ ($0 * $0).isFinite && $0 * $0 > 0 }),
               DiagonalBalancing.isExactSimilarity(original: jacobian, balanced: balancing.balanced, scaling: d) {
                let retry = try LyapunovCertificate.judge(balancing.balanced, options: options)
                if retry.status == .certified || judged.solution == nil {
                    judged = retry.inOriginalCoordinates(scaling: d)
                }
            }
        }
        self = judged
    }

    /// Steps 1–6 for J with Q = I.
    private static func judge(_ jacobian: ColumnMajorMatrix, options: LyapunovOptions) throws(StabilityError) -> LyapunovCertificate {
        let m = jacobian.rows
        let tolerance = options.residualFactor * Double(m) * Double.ulpOfOne
        let attempt = try LyapunovCertificate.solve(jacobian)
        guard let p = attempt.solution else {
            return LyapunovCertificate(inconclusive: attempt.failure ?? .nonFiniteSolution, tolerance: tolerance,
                                       scale: attempt.scale, order: m)
        }
        let residualMatrix = jacobian.transposed() * p + p * jacobian + ColumnMajorMatrix.identity(m)
        let absolute = residualMatrix.frobeniusNorm
        let denominator = 2 * jacobian.frobeniusNorm * p.frobeniusNorm + 1
        let relative = absolute / denominator
        let extremes = try? SymmetricEigendecomposition(p).eigenvalues
        var status: LyapunovStatus
        var minimumDiagonal: Double? = nil, perturbation: Double? = nil
        var floatingCholesky = false
        var verified: VerifiedLyapunovMargin? = nil
        var solutionUsed = p
        if !(relative <= tolerance) {
            status = .inconclusive(.residualTooLarge)
        } else {
            do {
                let factor = try CholeskyFactorization(p)
                minimumDiagonal = factor.lower.diagonalEntries.min()
                floatingCholesky = true
                if let smallest = extremes?.first, smallest > 0 { perturbation = absolute / (2 * smallest) }
                verified = VerifiedLyapunovMargin.verify(jacobian: jacobian, solution: p,
                                                         estimateOfSmallestEigenvalueOfP: extremes?.first)
                // Iterative refinement with the accurately computed residual (Dot2): the
                // Bartels–Stewart P is only backward accurate, ‖R‖ ≈ u‖J‖‖P‖, which can exceed
                // λ_min(Q) = 1 for stiff J; each step solves JᵀΔ + ΔJ = −R_accurate.
                var refined = p
                for _ in 0..<2 where verified == nil {
                    let residual = VerifiedLyapunovMargin.lyapunovOperator(jacobian: jacobian, solution: refined)
                        + ColumnMajorMatrix.identity(m)
                    guard residual.isFinite,
                          let correction = (try? LyapunovCertificate.solve(jacobian, rightHandSide: -1.0 * residual))?.solution else { break }
                    let sum = refined + correction
                    refined = 0.5 * (sum + sum.transposed())
                    guard refined.isFinite else { break }
                    let estimate = (try? SymmetricEigendecomposition(refined).eigenvalues)?.first
                    verified = VerifiedLyapunovMargin.verify(jacobian: jacobian, solution: refined,
                                                             estimateOfSmallestEigenvalueOfP: estimate)
                    if verified != nil { solutionUsed = refined }
                }
                status = verified == nil ? .inconclusive(.marginNotVerified) : .certified
            } catch .notPositiveDefinite(let order) {
                status = .refuted(failedMinorOrder: order)
            } catch {
                throw .linearAlgebra(error)
            }
        }
        return LyapunovCertificate(status: status, solution: solutionUsed, relativeResidual: relative, absoluteResidual: absolute,
                                   residualTolerance: tolerance, choleskyMinimumDiagonal: minimumDiagonal,
                                   smallestEigenvalue: extremes?.first, largestEigenvalue: extremes?.last,
                                   perturbationBound: perturbation, floatingPointCholeskySucceeded: floatingCholesky,
                                   verifiedMargin: verified,
                                   sylvesterScale: attempt.scale, balanced: false,
                                   equationWeights: Array(repeating: 1, count: m))
    }

    /// The certificate of J' = D⁻¹JD restated for J: P = D⁻¹P'D⁻¹, Q = D⁻², and λ_min, λ_max,
    /// min L_ii recomputed for the new P (the status, residuals and E-bound stay those of J').
    private func inOriginalCoordinates(scaling d: [Double]) -> LyapunovCertificate {
        var p = solution
        if var matrix = p {
            for j in 0..<matrix.columns { for i in 0..<matrix.rows { matrix[i, j] /= d[i] * d[j] } }
            p = matrix.isFinite ? matrix : nil
        }
        let extremes = p.flatMap { try? SymmetricEigendecomposition($0).eigenvalues }
        let factor = p.flatMap { try? CholeskyFactorization($0) }
        return LyapunovCertificate(status: status, solution: p, relativeResidual: relativeResidual,
                                   absoluteResidual: absoluteResidual, residualTolerance: residualTolerance,
                                   choleskyMinimumDiagonal: factor?.lower.diagonalEntries.min(),
                                   smallestEigenvalue: extremes?.first, largestEigenvalue: extremes?.last,
                                   perturbationBound: perturbationBound,
                                   floatingPointCholeskySucceeded: floatingPointCholeskySucceeded,
                                   verifiedMargin: verifiedMargin,
                                   sylvesterScale: sylvesterScale, balanced: true,
                                   equationWeights: d.map { 1 / ($0 * $0) })
    }

    /// One Bartels–Stewart attempt, steps 1–3: P with JᵀP + PJ = −I (or = C), or why there is none.
    private static func solve(_ matrix: ColumnMajorMatrix, rightHandSide: ColumnMajorMatrix? = nil) throws(StabilityError)
        -> (solution: ColumnMajorMatrix?, scale: Double, failure: LyapunovInconclusiveReason?) {
        let m = matrix.rows
        let schur = try lapack { () throws(LinearAlgebraError) in try RealSchurDecomposition(matrix) }
        let z = schur.schurVectors, t = schur.schurForm
        // Tᵀ X + X T = Zᵀ C Z (= −I for C = −I).
        let c = rightHandSide.map { z.transposed() * $0 * z } ?? -1.0 * ColumnMajorMatrix.identity(m)
        let solved: (solution: ColumnMajorMatrix, scale: Double)
        do {
            solved = try TriangularSylvesterSolver.solve(a: t, b: t, c: c,
                                                         transposeA: true, transposeB: false, sign: 1)
        } catch .sylvesterNearlySingular {
            return (nil, 1, .sylvesterNearlySingular)
        } catch {
            throw .linearAlgebra(error)
        }
        let rotated = z * ((1 / solved.scale) * solved.solution) * z.transposed()
        let p = 0.5 * (rotated + rotated.transposed())
        guard p.isFinite, solved.scale > 0 else { return (nil, solved.scale, .nonFiniteSolution) }
        return (p, solved.scale, nil)
    }

    /// A certificate without P.
    private init(inconclusive reason: LyapunovInconclusiveReason, tolerance: Double, scale: Double, order: Int) {
        self.init(status: .inconclusive(reason), solution: nil, relativeResidual: .nan, absoluteResidual: .nan,
                  residualTolerance: tolerance, choleskyMinimumDiagonal: nil, smallestEigenvalue: nil,
                  largestEigenvalue: nil, perturbationBound: nil, floatingPointCholeskySucceeded: false,
                  verifiedMargin: nil,
                  sylvesterScale: scale, balanced: false, equationWeights: Array(repeating: 1, count: order))
    }
}
