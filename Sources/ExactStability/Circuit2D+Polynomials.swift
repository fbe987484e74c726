import ExactArithmetic

/// The polynomials in s = √a of the exact 2D analysis (proofs/two-dimensional.md §4.1).
extension Circuit2D {
    /// g(s) = 1 - w_r + w_r s, eq. (4.3): at a fixed point y g = b z, and J₁₁ = -g/τ_y.
    public var gPolynomial: Polynomial {
        Polynomial(coefficients: [.one - recurrentWeight, recurrentWeight])
    }

    /// The root of g, s₀ = 1 - 1/w_r; `nil` when w_r = 0 (g ≡ 1).
    public var gRoot: Rational? {
        guard let inverse = recurrentWeight.reciprocal else { return nil }
        return .one - inverse
    }

    /// P(s) = s² (g(s)² - w (b z)²) - c² g(s)², eq. (4.4): for b z ≠ 0 the fixed points
    /// are y = b z / g(s) at the positive roots s of P with g(s) ≠ 0. Never the zero
    /// polynomial, since c² > 0.
    public var fixedPointQuartic: Polynomial {
        let g = gPolynomial, g2 = g * g
        let s2 = Polynomial.x * Polynomial.x
        return s2 * (g2 - Polynomial(constant: normalizationWeight * input * input)) - g2 * cSquared
    }

    /// N_T(s) = -(τ_a g(s) s² + τ_y c²), eq. (4.7): s² τ_y τ_a · trace J at a fixed point
    /// with s > 0, so sign(trace) = sign N_T(s).
    public var traceNumerator: Polynomial {
        let s2 = Polynomial.x * Polynomial.x
        return -(gPolynomial * s2 * tauA + Polynomial(constant: tauY * cSquared))
    }

    /// N_D(s) = c² g(s)³ + w_r w (b z)² s³, eq. (4.7): s² g² τ_y τ_a · det J at a fixed
    /// point with b z ≠ 0 (g ≠ 0 there), so sign(det) = sign N_D(s).
    public var determinantNumerator: Polynomial {
        let g = gPolynomial
        let s3 = Polynomial.x.power(3)
        return g.power(3) * cSquared + s3 * (recurrentWeight * normalizationWeight * input * input)
    }

    /// N_Δ(s) = N_T² g² - 4 τ_y τ_a s² N_D, eq. (4.7): s⁴ g² (τ_y τ_a)² · (T² - 4D) at a
    /// fixed point with b z ≠ 0, so sign(T² - 4D) = sign N_Δ(s).
    public var discriminantNumerator: Polynomial {
        discriminantNumerator(trace: traceNumerator, determinant: determinantNumerator)
    }

    /// N_Δ from already computed N_T and N_D (eq. (4.7)).
    public func discriminantNumerator(trace nT: Polynomial, determinant nD: Polynomial) -> Polynomial {
        let scale: Rational = 4 * tauY * tauA
        let first: Polynomial = (nT * gPolynomial).power(2)
        let second: Polynomial = Polynomial.x.power(2) * nD * scale
        return first - second
    }

    /// The scaled trace, determinant and discriminant at a point with rational s > 0 and
    /// y² (eq. (4.6), no fixed-point relation used):
    ///     τ_yτ_a T = -(τ_a g + τ_y (1 - w y²)),   τ_yτ_a D = g (1 - w y²) + w_r w y² s,
    ///     (τ_yτ_a)² Δ = (τ_yτ_a T)² - 4 τ_yτ_a (τ_yτ_a D).
    /// Positive multiples of T, D and Δ, so their signs are the signs of T, D, Δ.
    public func scaledInvariants(s: Rational, ySquared: Rational) -> (trace: Rational, determinant: Rational, discriminant: Rational) {
        let g = gPolynomial.evaluated(at: s)
        let oneMinus = .one - normalizationWeight * ySquared
        let trace = -(tauA * g + tauY * oneMinus)
        let determinant = g * oneMinus + recurrentWeight * normalizationWeight * ySquared * s
        let scale: Rational = 4 * tauY * tauA
        return (trace, determinant, trace * trace - scale * determinant)
    }
}
