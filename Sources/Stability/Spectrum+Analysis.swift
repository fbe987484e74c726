import ComplexModule
import LinearAlgebra
import RealModule

extension Spectrum {
    /// Computes and classifies the spectrum of a flow Jacobian J (m × m) by LAPACK `dgeev`.
    ///
    /// With η = c·m·ε·‖J_b‖_F (`SpectrumOptions`; J_b = D⁻¹JD balanced, or J),
    /// κ_k = 1/|u_kᴴ v_k| for J_b (or 1) and d_k = κ_k·η
    /// (proofs/theorem1.md, eq. 5.9):
    ///
    ///     stable     ⇔ max_k (Re λ_k + d_k) < 0
    ///     unstable   ⇔ max_k (Re λ_k − d_k) > 0
    ///     undecided  otherwise   (in particular whenever |α| ≤ d₁ for the rightmost λ₁)
    ///
    /// d_k is a first-order bound: a computed eigenvalue is exact for some D(J_b + E)D⁻¹ with
    /// ‖E‖ ≲ η, and moves by ≤ κ_k‖E‖ + O(‖E‖²). With κ_k = 1 (the default) the bound is
    /// exact for normal J and optimistic for strongly non-normal J; ask for condition
    /// numbers when the verdict matters near the boundary.
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a dgeev failure.
    /// - Complexity: ≈ 10 m³ flops; ≈ 26 m³ with condition numbers (both eigenvector sets).
    public init(jacobian: ColumnMajorMatrix, options: SpectrumOptions = SpectrumOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        let m = jacobian.rows
        let wantVectors = options.conditionNumbers
        var matrix = jacobian
        if options.balance {
            let balancing = DiagonalBalancing(jacobian)
            if balancing.balanced.isFinite { matrix = balancing.balanced }
        }
        let decomposition = try lapack { () throws(LinearAlgebraError) in
            try Eigendecomposition(matrix, rightVectors: wantVectors, leftVectors: wantVectors)
        }
        let unsorted = decomposition.eigenvalues
        var kappas: [Double]? = nil
        if let right = decomposition.rightEigenvectors, let left = decomposition.leftEigenvectors {
            kappas = (0..<m).map { Spectrum.conditionNumber(left: left[$0], right: right[$0]) }
        }
        let order = (0..<m).sorted { i, j in
            let (a, b) = (unsorted[i], unsorted[j])
            return a.real != b.real ? a.real > b.real : a.imaginary > b.imaginary
        }
        let sorted = order.map { unsorted[$0] }
        let sortedKappas = kappas.map { values in order.map { values[$0] } }
        let balancedNorm = matrix.frobeniusNorm
        let eta = options.backwardErrorFactor * Double(m) * Double.ulpOfOne * balancedNorm
        let alpha = sorted[0].real
        let leadingImaginary = sorted.filter { $0.real == alpha }.map { abs($0.imaginary) }.max() ?? 0

        var upper = -Double.infinity, lower = -Double.infinity
        for k in 0..<m {
            let radius = (sortedKappas?[k] ?? 1) * eta
            upper = max(upper, sorted[k].real + radius)
            lower = max(lower, sorted[k].real - radius)
        }
        let verdict: StabilityVerdict = upper < 0 ? .stable : (lower > 0 ? .unstable : .undecided)

        self.eigenvalues = sorted
        self.conditionNumbers = sortedKappas
        self.spectralAbscissa = alpha
        self.leadingFrequency = leadingImaginary / (2 * Double.pi)
        self.slowestTimeConstant = alpha < 0 ? -1 / alpha : nil
        self.jacobianNorm = jacobian.frobeniusNorm
        self.balancedNorm = balancedNorm
        self.backwardError = eta
        self.undecidedBound = (sortedKappas?[0] ?? 1) * eta
        self.verdict = verdict
        self.options = options
    }

    /// κ(λ) = ‖u‖‖v‖/|uᴴv| for a left eigenvector u (uᴴJ = λuᴴ) and right eigenvector v
    /// (Jv = λv); dgeev returns unit vectors, the norms are kept for safety. +∞ when uᴴv = 0.
    static func conditionNumber(left u: [Complex<Double>], right v: [Complex<Double>]) -> Double {
        var dot = Complex<Double>.zero
        var uu = 0.0, vv = 0.0
        for i in u.indices {
            dot += u[i].conjugate * v[i]
            uu += u[i].lengthSquared
            vv += v[i].lengthSquared
        }
        let denominator = dot.length
        guard denominator > 0 else { return .infinity }
        return max(1, (uu * vv).squareRoot() / denominator)
    }
}
