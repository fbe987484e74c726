import LinearAlgebra

extension LyapunovCertificate {
    /// Solves Jᵀ P + P J = −I by Bartels–Stewart and judges P (proofs/energy.md, eqs. 6.7–6.10):
    ///
    ///  1. J = Z T Zᵀ, real Schur form by dgees (Z orthogonal, T quasi-triangular);
    ///  2. Tᵀ P̃ + P̃ T = −Zᵀ I Z = −I by dtrsyl (transposeA, sign +1), P̃ = X / scale;
    ///  3. P = Z P̃ Zᵀ, symmetrized (P + Pᵀ)/2;
    ///  4. R = JᵀP + PJ + I; relative residual ‖R‖_F/(2‖J‖_F‖P‖_F + 1) ≤ residualFactor·m·ε,
    ///     else `.inconclusive(.residualTooLarge)`;
    ///  5. Cholesky P = L Lᵀ (dpotrf): failure is `.refuted` (P ⊁ 0, eq. 6.11), success is
    ///     `.certified`: P certifies J + E, E = −P⁻¹R/2, ‖E‖₂ ≤ ‖R‖_F/(2λ_min(P)) (eq. 6.10);
    ///  6. `provesExactStability` when also ‖R‖_F + (m + 2) ε (2‖J‖_F‖P‖_F + 1) < 1, the
    ///     rounding bound of forming R: then ‖R_exact‖₂ < 1 and eq. (6.9) proves J Hurwitz.
    ///
    /// Never `.certified` for a J unstable beyond that backward error: if (J + E)v = λv with
    /// Re λ ≥ 0, then −|v|² = 2 Re λ · vᴴPv contradicts P ≻ 0.
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a dgees failure.
    /// - Complexity: ≈ 25 m³ (dgees) + m³ (dtrsyl) + 4 m³ (back transformation) flops.
    public init(jacobian: ColumnMajorMatrix, options: LyapunovOptions = LyapunovOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        let m = jacobian.rows
        let tolerance = options.residualFactor * Double(m) * Double.ulpOfOne
        let schur = try lapack { () throws(LinearAlgebraError) in try RealSchurDecomposition(jacobian) }
        let z = schur.schurVectors, t = schur.schurForm
        let minusIdentity = -1.0 * ColumnMajorMatrix.identity(m)
        let solved: (solution: ColumnMajorMatrix, scale: Double)
        do {
            solved = try TriangularSylvesterSolver.solve(a: t, b: t, c: minusIdentity,
                                                         transposeA: true, transposeB: false, sign: 1)
        } catch .sylvesterNearlySingular {
            self.init(inconclusive: .sylvesterNearlySingular, tolerance: tolerance)
            return
        } catch {
            throw .linearAlgebra(error)
        }
        let pTilde = (1 / solved.scale) * solved.solution
        let rotated = z * pTilde * z.transposed()
        let p = 0.5 * (rotated + rotated.transposed())
        guard p.isFinite, solved.scale > 0 else {
            self.init(inconclusive: .nonFiniteSolution, tolerance: tolerance, scale: solved.scale)
            return
        }
        let residualMatrix = jacobian.transposed() * p + p * jacobian + ColumnMajorMatrix.identity(m)
        let absolute = residualMatrix.frobeniusNorm
        let denominator = 2 * jacobian.frobeniusNorm * p.frobeniusNorm + 1
        let relative = absolute / denominator
        let extremes = try? SymmetricEigendecomposition(p).eigenvalues
        var status: LyapunovStatus
        var minimumDiagonal: Double? = nil
        var perturbation: Double? = nil
        var provesExact = false
        if !(relative <= tolerance) {
            status = .inconclusive(.residualTooLarge)
        } else {
            do {
                let factor = try CholeskyFactorization(p)
                minimumDiagonal = factor.lower.diagonalEntries.min()
                let roundingBound = Double(m + 2) * Double.ulpOfOne * denominator
                provesExact = absolute + roundingBound < 1
                if let smallest = extremes?.first, smallest > 0 { perturbation = absolute / (2 * smallest) }
                status = .certified
            } catch .notPositiveDefinite(let order) {
                status = .refuted(failedMinorOrder: order)
            } catch {
                throw .linearAlgebra(error)
            }
        }
        self.init(status: status, solution: p, relativeResidual: relative, absoluteResidual: absolute,
                  residualTolerance: tolerance, choleskyMinimumDiagonal: minimumDiagonal,
                  smallestEigenvalue: extremes?.first, largestEigenvalue: extremes?.last,
                  perturbationBound: perturbation, provesExactStability: provesExact, sylvesterScale: solved.scale)
    }

    /// A certificate without P.
    private init(inconclusive reason: LyapunovInconclusiveReason, tolerance: Double, scale: Double = 1) {
        self.init(status: .inconclusive(reason), solution: nil, relativeResidual: .nan, absoluteResidual: .nan,
                  residualTolerance: tolerance, choleskyMinimumDiagonal: nil, smallestEigenvalue: nil,
                  largestEigenvalue: nil, perturbationBound: nil, provesExactStability: false, sylvesterScale: scale)
    }
}
