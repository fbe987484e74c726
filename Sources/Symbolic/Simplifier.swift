import ExactArithmetic

/// The canonical-form constructors, proofs/jacobian.md §3.0. Every operator on
/// `Expression` goes through one of these, so a tree built by operators is canonical.
///
/// Rules (each exact on the domain of its input, see `Assumptions`):
/// - sums: flattened; constants folded; like terms c₁·t + c₂·t collected to (c₁ + c₂)·t;
///   zero terms dropped; sorted by `Expression.precedes` of the term without its
///   constant coefficient.
/// - products: flattened; constants folded; a zero constant gives 0; c·(u + v) is
///   distributed to c·u + c·v when the sum is the only other factor; powers of one base
///   merged, u^p·u^q → u^(p+q), only when that leaves the domain unchanged (always when u
///   is known positive; x·x⁻¹ → 1 only when x is known nonzero); sorted.
/// - powers, `Simplifier+Power.swift`; max(·,0) and H, `Simplifier+Rectifiers.swift`.
///
/// Dropping t − t → 0 and 0·t → 0 can enlarge the domain of an expression (e.g. when t
/// has a pole); every rule leaves the value unchanged wherever the input is defined.
/// Simplification is idempotent: canonical inputs are fixed points (a property test).
public struct Simplifier: Sendable {
    /// The facts the rewrites may use.
    public let assumptions: Assumptions

    public init(assuming assumptions: Assumptions = .none) {
        self.assumptions = assumptions
    }

    /// The canonical form of `expression`, rebuilt bottom-up.
    public func simplify(_ expression: Expression) -> Expression {
        switch expression {
        case .constant, .symbol: return expression
        case .sum(let terms): return sum(terms.map(simplify))
        case .product(let factors): return product(factors.map(simplify))
        case .power(let base, let exponent): return power(simplify(base), exponent)
        case .ramp(let argument): return ramp(simplify(argument))
        case .step(let argument): return step(simplify(argument))
        }
    }

    /// Canonical Σ terms, from canonical terms.
    public func sum(_ terms: [Expression]) -> Expression {
        var constant = Rational.zero
        var coefficients: [Expression: Rational] = [:]
        var order: [Expression] = []
        func add(_ term: Expression) {
            switch term {
            case .sum(let inner): inner.forEach(add)
            case .constant(let value): constant += value
            default:
                let (coefficient, rest) = splitCoefficient(term)
                if let existing = coefficients[rest] {
                    coefficients[rest] = existing + coefficient
                } else {
                    coefficients[rest] = coefficient
                    order.append(rest)
                }
            }
        }
        terms.forEach(add)
        // Terms sort by their non-constant part, so 2·x + y, not y + 2·x.
        order.sort(by: Expression.precedes)
        var result: [Expression] = []
        for rest in order {
            guard let coefficient = coefficients[rest], !coefficient.isZero else { continue }
            result.append(coefficient == .one ? rest : product([.constant(coefficient), rest]))
        }
        if !constant.isZero { result.insert(.constant(constant), at: 0) }
        switch result.count {
        case 0: return .zero
        case 1: return result[0]
        default: return .sum(result)
        }
    }

    /// (c, t) with term = c·t, c the constant coefficient of a canonical product.
    func splitCoefficient(_ term: Expression) -> (Rational, Expression) {
        guard case .product(let factors) = term, case .constant(let value)? = factors.first, factors.count > 1 else {
            return (.one, term)
        }
        let rest = Array(factors.dropFirst())
        return (value, rest.count == 1 ? rest[0] : .product(rest))
    }

    /// Canonical Π factors, from canonical factors.
    public func product(_ factors: [Expression]) -> Expression {
        var coefficient = Rational.one
        var exponents: [Expression: [Rational]] = [:]
        var order: [Expression] = []
        func multiply(_ factor: Expression) {
            switch factor {
            case .product(let inner): inner.forEach(multiply)
            case .constant(let value): coefficient *= value
            default:
                let (base, exponent) = factor.baseAndExponent
                if exponents[base] == nil { order.append(base) }
                exponents[base, default: []].append(exponent)
            }
        }
        factors.forEach(multiply)
        if coefficient.isZero { return .zero }
        var merged: [Expression] = []
        var needsAnotherPass = false
        for base in order {
            for exponent in mergedExponents(of: base, exponents[base] ?? []) {
                let factor = power(base, exponent)
                switch factor {
                case .constant, .product: needsAnotherPass = true
                default: break
                }
                merged.append(factor)
            }
        }
        if needsAnotherPass { return product([.constant(coefficient)] + merged) }
        merged.sort(by: Expression.precedes)
        if merged.isEmpty { return .constant(coefficient) }
        if coefficient == .one { return merged.count == 1 ? merged[0] : .product(merged) }
        if merged.count == 1, case .sum(let terms) = merged[0] {
            return sum(terms.map { product([.constant(coefficient), $0]) })
        }
        return .product([.constant(coefficient)] + merged)
    }
}
