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

    /// The exponents to keep for u^p₁·u^p₂·…: one merged exponent when the domain of
    /// u^(Σp) equals the intersection of the domains; otherwise exponents are merged
    /// within each domain class (when that keeps the class) and kept apart across classes.
    func mergedExponents(of base: Expression, _ exponents: [Rational]) -> [Rational] {
        guard exponents.count > 1 else { return exponents }
        let total = exponents.reduce(Rational.zero, +)
        let known = knowledge(of: base)
        let intersection = exponents.reduce(PowerDomain.all) { $0.intersection(domain($1, of: base)) }
        if domain(total, of: base) == intersection.relative(to: known) { return [total] }
        var result: [Rational] = []
        for domainClass in PowerDomain.allClasses {
            let members = exponents.filter { domain($0, of: base) == domainClass.relative(to: known) }
            guard !members.isEmpty else { continue }
            let groupTotal = members.reduce(Rational.zero, +)
            if domain(groupTotal, of: base) == domainClass.relative(to: known) {
                result.append(groupTotal)
            } else {
                result.append(contentsOf: members)
            }
        }
        return result
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
