import ExactArithmetic

extension Simplifier {
    /// Canonical base^exponent, from a canonical base, proofs/jacobian.md §3.0:
    /// u⁰ = 1, u¹ = u; constants folded when exact (c^k, and c^(m/2) when c is the
    /// square of a rational); (u^q)^p = u^(qp) when the domain is unchanged;
    /// (Π uᵢ)^k = Π uᵢ^k for an integer k. 0^k with k < 0 stays unevaluated (undefined).
    public func power(_ base: Expression, _ exponent: Rational) -> Expression {
        if exponent.isZero { return .one }
        if exponent == .one { return base }
        switch base {
        case .constant(let value):
            // Folding is limited to |k| ≤ 64 so that input like 10^(10^9) cannot exhaust memory.
            let small = Int(exactly: exponent.numerator).flatMap { abs($0) <= 64 ? $0 : nil }
            if exponent.isInteger, let k = small, let folded = value.power(k) {
                return .constant(folded)
            }
            if exponent.denominator == 2, let k = small, let root = value.exactSquareRoot,
               let folded = root.power(k) {
                return .constant(folded)
            }
        case .power(let inner, let innerExponent):
            let combined = innerExponent * exponent
            let original = domain(innerExponent, of: inner)
                .intersection(exponent.signum < 0 ? .nonzero : .all)
                .intersection(exponent.isInteger ? .all : .nonnegative)
            // (u^q)^p = u^(qp) needs u ≥ 0 unless p is an integer: for an integer q and a
            // fractional p, (u²)^(1/4) = |u|^(1/2), so merge only when u is known positive.
            let mergeable = exponent.isInteger || !innerExponent.isInteger || assumptions.isPositive(inner)
            if mergeable, domain(combined, of: inner) == original.relative(to: knowledge(of: inner)) {
                return power(inner, combined)
            }
        case .product(let factors) where exponent.isInteger:
            return product(factors.map { power($0, exponent) })
        default:
            break
        }
        return .power(base, exponent)
    }

    /// The exponents to keep for u^p₁·u^p₂·…, proofs/jacobian.md §3.0. The product
    /// equals u^P, P = Σpᵢ, on its domain D = ∩ dom(u^pᵢ), and dom(u^P) ⊇ D always (a
    /// negative pᵢ makes D exclude 0, a fractional one makes D exclude u < 0). When
    /// dom(u^P) = D the result is u^P; otherwise one guard factor restores D:
    ///     D excludes 0 and u < 0 but dom(u^P) neither:  u^(−1/2) · u^(P+1/2)
    ///     D excludes 0 only:                           u^(−1)   · u^(P+1)
    ///     D excludes u < 0 only:                       u^(1/2)  · u^(P−1/2)
    /// The result depends only on (P, D), so the canonical form is unique however the
    /// factors were grouped (x·x⁻¹ stays x⁻¹·x¹ unless x ≠ 0 is known).
    ///
    /// A step base H(v) takes 0 and 1 only, and a product with a factor H(v)^p = 0, p > 0, is 0
    /// whatever its other factors (the evaluation semantics, §3.4). So when some pᵢ > 0 the
    /// product is 0 where H(v) = 0 and 1 where H(v) = 1: H(v)^P if P > 0, else H(v) — never
    /// H(v)^P with P ≤ 0, which would be undefined (or 1) where the input is 0. (Found by the
    /// substitution property: −4H(x)/(x²z²) with x ↦ H(z) had become −4/(z²H(z)), undefined at
    /// z < 0 where the input is 0.)
    func mergedExponents(of base: Expression, _ exponents: [Rational]) -> [Rational] {
        guard exponents.count > 1 else { return exponents }
        let total = exponents.reduce(Rational.zero, +)
        if case .step = base, exponents.contains(where: { $0.signum > 0 }) { return [total.signum > 0 ? total : .one] }
        let known = knowledge(of: base)
        let intersection = exponents.reduce(PowerDomain.all) { $0.intersection(domain($1, of: base)) }
            .relative(to: known)
        let merged = domain(total, of: base)
        if merged == intersection { return [total] }
        let half = Rational.oneHalf
        switch (intersection.excludesZero && !merged.excludesZero,
                intersection.excludesNegative && !merged.excludesNegative) {
        case (true, true): return [-half, total + half]
        case (true, false): return [Rational(-1), total + .one]
        default: return [half, total - half]
        }
    }

    /// The set of real u where u^p is defined, relative to what is known about u.
    func domain(_ exponent: Rational, of base: Expression) -> PowerDomain {
        PowerDomain(excludesZero: exponent.signum < 0, excludesNegative: !exponent.isInteger)
            .relative(to: knowledge(of: base))
    }

    private func knowledge(of base: Expression) -> PowerDomain {
        if assumptions.isPositive(base) { return .positive }
        if assumptions.isNonzero(base) { return .nonzero }
        return .all
    }
}

/// The domain of u ↦ u^p as a subset of ℝ: all reals, u ≠ 0, u ≥ 0, or u > 0.
struct PowerDomain: Hashable {
    var excludesZero: Bool
    var excludesNegative: Bool

    static let all = PowerDomain(excludesZero: false, excludesNegative: false)
    static let nonzero = PowerDomain(excludesZero: true, excludesNegative: false)
    static let nonnegative = PowerDomain(excludesZero: false, excludesNegative: true)
    static let positive = PowerDomain(excludesZero: true, excludesNegative: true)
    static let allClasses = [all, nonzero, nonnegative, positive]

    func intersection(_ other: PowerDomain) -> PowerDomain {
        PowerDomain(excludesZero: excludesZero || other.excludesZero,
                    excludesNegative: excludesNegative || other.excludesNegative)
    }

    /// The restriction to where u is known to lie: exclusions already implied are dropped.
    func relative(to known: PowerDomain) -> PowerDomain {
        PowerDomain(excludesZero: excludesZero && !known.excludesZero,
                    excludesNegative: excludesNegative && !known.excludesNegative)
    }
}
