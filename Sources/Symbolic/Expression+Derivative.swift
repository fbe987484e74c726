import ExactArithmetic

extension Expression {
    /// The exact partial derivative ∂/∂`symbol`, in canonical form under `assumptions`
    /// (`self` is first simplified under them),
    /// proofs/jacobian.md eqs. (3.1)–(3.3):
    ///     (Σ uᵢ)' = Σ uᵢ',   (Π uᵢ)' = Σᵢ uᵢ' Π_{j≠i} uⱼ,   (u^p)' = p u^(p−1) u',
    ///     max(u, 0)' = H(u) u',   H(u)' = 0.
    /// The last two hold where u ≠ 0 only: the result is the derivative on the open set
    /// where no `rectifierArguments` of `self` vanishes. At u = 0 the function has a kink
    /// (max) or a jump (H); evaluating the derivative there with `Program` uses H(0) = 0,
    /// the left derivative of max(u, 0), and reports the kink.
    /// Likewise (u^p)' for a fractional p is the derivative where u > 0.
    public func derivative(withRespectTo symbol: String,
                           assuming assumptions: Assumptions = .none) -> Expression {
        let simplifier = Simplifier(assuming: assumptions)
        let source = assumptions == .none ? self : simplifier.simplify(self)
        return Differentiator(symbol: symbol, simplifier: simplifier).derivative(of: source)
    }

    /// The gradient (∂/∂s₁, …, ∂/∂sₖ) for the given symbols.
    public func gradient(withRespectTo symbols: [String],
                         assuming assumptions: Assumptions = .none) -> [Expression] {
        symbols.map { derivative(withRespectTo: $0, assuming: assumptions) }
    }
}

/// One differentiation pass; memoizes nothing (expressions here are small).
private struct Differentiator {
    let symbol: String
    let simplifier: Simplifier

    func derivative(of expression: Expression) -> Expression {
        switch expression {
        case .constant:
            return .zero
        case .symbol(let name):
            return name == symbol ? .one : .zero
        case .sum(let terms):
            return simplifier.sum(terms.map(derivative(of:)))
        case .product(let factors):
            var terms: [Expression] = []
            for (index, factor) in factors.enumerated() {
                let inner = derivative(of: factor)
                if inner == .zero { continue }
                var others = factors
                others[index] = inner
                terms.append(simplifier.product(others))
            }
            return simplifier.sum(terms)
        case .power(let base, let exponent):
            let inner = derivative(of: base)
            if inner == .zero { return .zero }
            return simplifier.product([
                .constant(exponent), simplifier.power(base, exponent - .one), inner,
            ])
        case .ramp(let argument):
            let inner = derivative(of: argument)
            if inner == .zero { return .zero }
            return simplifier.product([simplifier.step(argument), inner])
        case .step:
            return .zero
        }
    }
}
