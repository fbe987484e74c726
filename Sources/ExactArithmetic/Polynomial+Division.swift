/// Euclidean structure of ℚ[x]: division with remainder, exact division, gcd and the
/// square-free part (proofs/two-dimensional.md eq. (4.8)).
extension Polynomial {
    /// (q, r) with p = q·d + r and deg r < deg d; `nil` when d is the zero polynomial.
    /// - Complexity: O((deg p - deg d + 1) · deg d) rational operations.
    public func divided(by divisor: Polynomial) -> (quotient: Polynomial, remainder: Polynomial)? {
        guard !divisor.isZero, let inverseLead = divisor.leadingCoefficient.reciprocal else { return nil }
        guard degree >= divisor.degree else { return (.zero, self) }
        var remainder = coefficients
        var quotient = [Rational](repeating: .zero, count: degree - divisor.degree + 1)
        let d = divisor.degree
        for shift in stride(from: degree - d, through: 0, by: -1) {
            let factor = remainder[shift + d] * inverseLead
            guard !factor.isZero else { continue }
            quotient[shift] = factor
            for (i, c) in divisor.coefficients.enumerated() {
                remainder[shift + i] -= factor * c
            }
        }
        return (Polynomial(coefficients: quotient), Polynomial(coefficients: Array(remainder.prefix(d))))
    }

    /// p mod d; `nil` when d = 0.
    public func remainder(dividingBy divisor: Polynomial) -> Polynomial? {
        divided(by: divisor)?.remainder
    }

    /// The exact quotient p / d, or `nil` when d = 0 or d does not divide p.
    public func exactlyDivided(by divisor: Polynomial) -> Polynomial? {
        guard let (quotient, remainder) = divided(by: divisor), remainder.isZero else { return nil }
        return quotient
    }

    /// The monic greatest common divisor by Euclid's algorithm; gcd(0, 0) = 0.
    /// Its roots are exactly the common complex roots of p and q.
    public static func greatestCommonDivisor(_ p: Polynomial, _ q: Polynomial) -> Polynomial {
        var a = p, b = q
        while !b.isZero {
            guard let r = a.remainder(dividingBy: b) else { break }
            a = b
            b = r.monic
        }
        return a.monic
    }

    /// p / gcd(p, p'), monic: the same roots as p, each simple (eq. (4.8)). The zero
    /// polynomial maps to zero and a nonzero constant to 1.
    public var squareFreePart: Polynomial {
        guard degree >= 1 else { return isZero ? .zero : .one }
        let common = Polynomial.greatestCommonDivisor(self, derivative)
        return (exactlyDivided(by: common) ?? self).monic
    }

    /// p with every factor (x - root) removed: p / (x - root)^m where m is the
    /// multiplicity of `root` (m = 0 when p(root) ≠ 0). The zero polynomial stays zero.
    public func removingRoot(_ root: Rational) -> Polynomial {
        guard !isZero else { return self }
        var result = self
        let factor = Polynomial(linearFactorWithRoot: root)
        while let quotient = result.exactlyDivided(by: factor) { result = quotient }
        return result
    }
}
