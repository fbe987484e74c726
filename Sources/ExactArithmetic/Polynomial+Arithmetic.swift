/// Ring operations on ℚ[x]: exact, with the trailing-zero invariant restored by `init`.
extension Polynomial {
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let count = max(lhs.coefficients.count, rhs.coefficients.count)
        return Polynomial(coefficients: (0..<count).map { lhs[$0] + rhs[$0] })
    }

    public static prefix func - (value: Polynomial) -> Polynomial {
        Polynomial(coefficients: value.coefficients.map { -$0 })
    }

    public static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        lhs + (-rhs)
    }

    /// Schoolbook product, O(deg p · deg q) multiplications; each coefficient is summed
    /// over a common denominator and reduced once (see `Polynomial+FastEvaluation.swift`).
    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        guard !lhs.isZero, !rhs.isZero else { return .zero }
        let count = lhs.coefficients.count + rhs.coefficients.count - 1
        let product = (0..<count).map { k in
            Polynomial.sumOfProducts((max(0, k - rhs.degree)...min(k, lhs.degree)).map { (lhs.coefficients[$0], rhs.coefficients[k - $0]) })
        }
        return Polynomial(coefficients: product)
    }

    public static func * (lhs: Polynomial, rhs: Rational) -> Polynomial {
        Polynomial(coefficients: lhs.coefficients.map { $0 * rhs })
    }

    public static func * (lhs: Rational, rhs: Polynomial) -> Polynomial {
        rhs * lhs
    }

    /// pᵏ for k ≥ 0 by repeated squaring.
    public func power(_ exponent: Int) -> Polynomial {
        precondition(exponent >= 0, "Polynomial.power: negative exponent (internal invariant)")
        var result = Polynomial.one, base = self, k = exponent
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            base = base * base
            k >>= 1
        }
        return result
    }
}
