import ExactArithmetic

extension Simplifier {
    /// Canonical max(u, 0), proofs/jacobian.md §3.0: folded for a constant u; u when u is
    /// known positive; max(max(v,0),0) = max(v,0); max(H(v),0) = H(v);
    /// max(c·v, 0) = c·max(v, 0) for a constant c > 0. The kink set {u = 0} is unchanged.
    public func ramp(_ argument: Expression) -> Expression {
        switch argument {
        case .constant(let value): return value.signum > 0 ? argument : .zero
        case .ramp, .step: return argument
        default: break
        }
        if assumptions.isPositive(argument) { return argument }
        let (coefficient, rest) = splitCoefficient(argument)
        if coefficient.signum > 0, coefficient != .one {
            return product([.constant(coefficient), ramp(rest)])
        }
        return .ramp(argument)
    }

    /// Canonical Heaviside H(u): 1 or 0 for a nonzero constant (H(0) stays unevaluated so
    /// that evaluation reports the kink); 1 when u is known positive; H(max(v,0)) = H(v);
    /// H(H(v)) = H(v); H(c·v) = H(v) for a constant c > 0.
    public func step(_ argument: Expression) -> Expression {
        switch argument {
        case .constant(let value) where !value.isZero: return value.signum > 0 ? .one : .zero
        case .ramp(let inner): return step(inner)
        case .step: return argument
        default: break
        }
        if assumptions.isPositive(argument) { return .one }
        let (coefficient, rest) = splitCoefficient(argument)
        if coefficient.signum > 0, coefficient != .one { return step(rest) }
        return .step(argument)
    }
}
