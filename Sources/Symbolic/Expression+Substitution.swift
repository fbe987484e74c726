extension Expression {
    /// e[s ↦ eₛ]: every symbol s in `replacements` replaced by its expression, the result
    /// rebuilt in canonical form under `assumptions`, proofs/jacobian.md §3.0. Replacement
    /// is simultaneous (a replacement's own symbols are not replaced again).
    /// Value law: e[s ↦ eₛ] at x equals e at (s = eₛ(x)), wherever both are defined.
    public func substituting(_ replacements: [String: Expression],
                             assuming assumptions: Assumptions = .none) -> Expression {
        Substitution(replacements: replacements, simplifier: Simplifier(assuming: assumptions)).apply(self)
    }
}

private struct Substitution {
    let replacements: [String: Expression]
    let simplifier: Simplifier

    func apply(_ expression: Expression) -> Expression {
        switch expression {
        case .constant: return expression
        case .symbol(let name): return replacements[name] ?? expression
        case .sum(let terms): return simplifier.sum(terms.map(apply))
        case .product(let factors): return simplifier.product(factors.map(apply))
        case .power(let base, let exponent): return simplifier.power(apply(base), exponent)
        case .ramp(let argument): return simplifier.ramp(apply(argument))
        case .step(let argument): return simplifier.step(apply(argument))
        }
    }
}
