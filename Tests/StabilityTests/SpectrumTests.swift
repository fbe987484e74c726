import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Stability
import Testing

/// Spectra of matrices whose eigenvalues are known in closed form, and the verdict rule of
/// `Spectrum` (proofs/theorem1.md eq. 5.9).
@Suite("Spectrum: closed forms and verdicts")
struct SpectrumTests {
    @Test("Sorted rightmost first; α, frequency and slowest time constant of a diagonal + focus")
    func sortingAndSummaries() throws {
        // diag(−0.5) ⊕ [[−1, −2], [2, −1]] ⊕ diag(−3): eigenvalues −0.5, −1 ± 2i, −3.
        let jacobian = try ColumnMajorMatrix(rowMajor: [
            [-0.5, 0, 0, 0], [0, -1, -2, 0], [0, 2, -1, 0], [0, 0, 0, -3],
        ])
        let spectrum = try Spectrum(jacobian: jacobian)
        let expected = [Complex(-0.5, 0), Complex(-1, 2), Complex(-1, -2), Complex(-3, 0)]
        for (computed, reference) in zip(spectrum.eigenvalues, expected) {
            // Normal matrix, ‖J‖_F ≈ 4: eigenvalues exact to a few ulps of ‖J‖.
            #expect((computed - reference).length <= 1e-14 * 4)
        }
        #expect(spectrum.spectralAbscissa == -0.5)
        #expect(spectrum.leadingFrequency == 0)
        #expect(spectrum.slowestTimeConstant == 2)
        #expect(spectrum.verdict == .stable)
    }

    @Test("A rotation block (Re λ = 0 exactly) is undecided; its frequency is ω/2π")
    func rotationIsUndecided() throws {
        let omega = 2 * Double.pi * 5
        let jacobian = try ColumnMajorMatrix(rowMajor: [[0, -omega], [omega, 0]])
        let spectrum = try Spectrum(jacobian: jacobian)
        #expect(spectrum.verdict == .undecided)
        #expect(spectrum.leadingFrequency.isApproximatelyEqual(to: 5, relativeTolerance: 1e-14))
        #expect(spectrum.slowestTimeConstant == nil)
        #expect(try !LyapunovCertificate(jacobian: jacobian).isCertified)
    }

    @Test("An exactly-zero eigenvalue is undecided; a positive one is unstable")
    func zeroAndPositive() throws {
        let zero = try Spectrum(jacobian: ColumnMajorMatrix.diagonal([0, -1]))
        #expect(zero.verdict == .undecided)
        #expect(zero.spectralAbscissa == 0)
        let positive = try Spectrum(jacobian: ColumnMajorMatrix(rowMajor: [[0.5, 1], [0, -2]]))
        #expect(positive.verdict == .unstable)
        #expect(positive.spectralAbscissa == 0.5)
    }

    @Test("The undecided band is |α| ≤ c·m·ε·‖J_b‖_F (c = 10, κ = 1; diagonal J is already balanced)")
    func undecidedBand() throws {
        // m = 2, ‖J‖_F ≈ 1: η = 20ε ≈ 4.4e-15.
        let inside = try Spectrum(jacobian: ColumnMajorMatrix.diagonal([-1e-15, -1]))
        #expect(inside.verdict == .undecided)
        #expect(inside.undecidedBound.isApproximatelyEqual(to: 20 * Double.ulpOfOne, relativeTolerance: 1e-12))
        #expect(try Spectrum(jacobian: ColumnMajorMatrix.diagonal([-1e-13, -1])).verdict == .stable)
        #expect(try Spectrum(jacobian: ColumnMajorMatrix.diagonal([1e-13, -1])).verdict == .unstable)
    }

    @Test("κ(λ) of [[λ₁, k], [0, λ₂]] is √((λ₁−λ₂)² + k²)/|λ₁−λ₂| and widens the undecided band")
    func conditionNumbers() throws {
        let k = 1e3
        let jacobian = try ColumnMajorMatrix(rowMajor: [[-1e-10, k], [0, -1]])
        let plain = try Spectrum(jacobian: jacobian, options: SpectrumOptions(conditionNumbers: false))
        let conditioned = try Spectrum(jacobian: jacobian)
        let gap = 1 - 1e-10
        let expected = (gap * gap + k * k).squareRoot() / gap
        let kappas = try #require(conditioned.conditionNumbers)
        for kappa in kappas {
            // κ itself is computed from unit eigenvectors with O(κ ε) relative error.
            #expect(kappa.isApproximatelyEqual(to: expected, relativeTolerance: 1e-9))
        }
        #expect(plain.conditionNumbers == nil)
        // η ≈ 20 ε ‖J‖_F ≈ 4.4e-12 < 1e-10 < κ·η ≈ 4.4e-9.
        #expect(plain.verdict == .stable)
        #expect(conditioned.verdict == .undecided)
        #expect(plain.rule == .unitConditionBand && conditioned.rule == .firstOrderBand)
    }

    @Test("A badly scaled focus D·[[−10⁻³, 1], [−1, −10⁻³]]·D⁻¹ is stable once balanced")
    func balancingDecidesBadlyScaledFocus() throws {
        // Similar to a normal matrix with eigenvalues −10⁻³ ± i; ‖J‖_F ≈ 10¹⁵ unbalanced.
        let jacobian = try ColumnMajorMatrix(rowMajor: [[-1e-3, 1e15], [-1e-15, -1e-3]])
        let balanced = try Spectrum(jacobian: jacobian)
        #expect(balanced.verdict == .stable)
        #expect(balanced.balancedNorm < 4)
        #expect(balanced.spectralAbscissa.isApproximatelyEqual(to: -1e-3, relativeTolerance: 1e-10))
        #expect(balanced.leadingFrequency.isApproximatelyEqual(to: 1 / (2 * Double.pi), relativeTolerance: 1e-12))
        let unbalanced = try Spectrum(jacobian: jacobian, options: SpectrumOptions(balance: false))
        #expect(unbalanced.verdict == .undecided)  // η = 20 ε 10¹⁵ ≈ 4.4 > 10⁻³
    }

    @Test("Input errors name the bad entry")
    func inputErrors() throws {
        #expect(throws: StabilityError.notSquare(rows: 2, columns: 3)) {
            try Spectrum(jacobian: ColumnMajorMatrix(rows: 2, columns: 3))
        }
        #expect(throws: StabilityError.emptyMatrix) { try Spectrum(jacobian: ColumnMajorMatrix(rows: 0, columns: 0)) }
        var bad = ColumnMajorMatrix.identity(3)
        bad[2, 1] = .infinity
        #expect(throws: StabilityError.nonFiniteEntry(matrix: "J", row: 2, column: 1, value: .infinity)) {
            try Spectrum(jacobian: bad)
        }
        #expect(throws: StabilityError.nonFiniteEntry(matrix: "J", row: 2, column: 1, value: .infinity)) {
            try LyapunovCertificate(jacobian: bad)
        }
    }
}
