import LinearAlgebra

extension ColumnMajorMatrix {
    /// exp(A) by scaling and squaring with the diagonal [6/6] Padé approximant
    /// (Moler & Van Loan, "Nineteen dubious ways…", SIAM Review 2003, §3; proofs/energy.md eq. 6.12):
    ///
    ///     s = max(0, ⌈log₂(‖A‖₁ / ½)⌉),  B = A / 2ˢ,
    ///     N = Σ_k c_k Bᵏ,  D = Σ_k (−1)ᵏ c_k Bᵏ,  c_k = (12−k)! 6! / (12! k! (6−k)!),
    ///     exp(A) ≈ (D⁻¹ N)^(2ˢ)            (D⁻¹N by LU, dgetrf/dgetrs).
    ///
    /// Accuracy: with ‖B‖₁ ≤ ½ the Padé approximant is exact for a perturbed B + E with
    /// ‖E‖ ≤ 8 (½)¹² (6!)² / (12! 13!) ‖B‖ ≈ 3.4·10⁻¹⁶ ‖B‖ (their eq. 3.3), i.e. exp(A + 2ˢE),
    /// a relative backward error below ε in exact arithmetic; rounding in the s squarings can
    /// grow like the condition number of exp at A (large for strongly non-normal A).
    /// - Throws: `.notSquare`, `.nonFiniteEntry` for bad input, `.exponentialOutOfRange` for
    ///   ‖A‖₁ > 2¹⁰⁰⁰ (exp overflows long before); `.linearAlgebra` if D is
    ///   exactly singular (impossible for ‖B‖₁ ≤ ½ in exact arithmetic).
    /// - Complexity: (6 + s) matrix products + one LU: O((7 + s) m³).
    public func exponential() throws(StabilityError) -> ColumnMajorMatrix {
        guard isSquare else { throw .notSquare(rows: rows, columns: columns) }
        if let index = elements.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteEntry(matrix: "A", row: index % rows, column: index / rows, value: elements[index])
        }
        let m = rows
        guard m > 0 else { return self }
        let norm = oneNorm
        var squarings = 0
        guard norm <= 0x1p1000 else { throw .exponentialOutOfRange(oneNorm: norm) }
        if norm > 0.5 {
            squarings = max(0, Int((norm / 0.5).log2Ceiling))
        }
        let b = (1 / Double.pow2(squarings)) * self
        let coefficients = ColumnMajorMatrix.padeCoefficients
        let identity = ColumnMajorMatrix.identity(m)
        let b2 = b * b, b4 = b2 * b2, b6 = b4 * b2
        let odd = b * (coefficients[1] * identity + coefficients[3] * b2 + coefficients[5] * b4)
        let even = coefficients[0] * identity + coefficients[2] * b2 + coefficients[4] * b4 + coefficients[6] * b6
        let numerator = even + odd, denominator = even - odd
        var result = try lapack { () throws(LinearAlgebraError) in
            try LUFactorization(denominator).solve(numerator)
        }
        for _ in 0..<squarings { result = result * result }
        return result
    }

    /// c_k = (2q − k)! q! / ((2q)! k! (q − k)!) for q = 6, k = 0…6.
    static let padeCoefficients: [Double] = {
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
        return (0...6).map { k in factorial(12 - k) * factorial(6) / (factorial(12) * factorial(k) * factorial(6 - k)) }
    }()
}

private extension Double {
    /// ⌈log₂(self)⌉ for self ≥ 1 (exact for powers of two).
    var log2Ceiling: Double {
        let exponent = Double(self.exponent)
        return self.significand == 1 ? exponent : exponent + 1
    }

    /// 2ᵏ.
    static func pow2(_ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: 1) }
}
