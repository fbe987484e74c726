import ExactArithmetic

/// Arithmetic that returns canonical forms (`Simplifier` without assumptions).
extension Expression {
    /// The symbol `name`.
    public static func variable(_ name: String) -> Expression { .symbol(name) }

    /// The exact integer n.
    public static func integer(_ value: Int) -> Expression { .constant(Rational(value)) }

    /// The exact rational p/q; `nil` when q = 0.
    public static func fraction(_ numerator: Int, _ denominator: Int) -> Expression? {
        guard let value = Rational(numerator) / Rational(denominator) else { return nil }
        return .constant(value)
    }

    public static func + (lhs: Expression, rhs: Expression) -> Expression {
        Simplifier().sum([lhs, rhs])
    }

    public static func - (lhs: Expression, rhs: Expression) -> Expression {
        Simplifier().sum([lhs, -rhs])
    }

    public static prefix func - (operand: Expression) -> Expression {
        Simplifier().product([.constant(Rational(-1)), operand])
    }

    public static func * (lhs: Expression, rhs: Expression) -> Expression {
        Simplifier().product([lhs, rhs])
    }

    /// lhs · rhs⁻¹ (a division by the constant 0 stays as the undefined power 0⁻¹).
    public static func / (lhs: Expression, rhs: Expression) -> Expression {
        let simplifier = Simplifier()
        return simplifier.product([lhs, simplifier.power(rhs, Rational(-1))])
    }

    /// base^exponent for a rational exponent.
    public func raised(to exponent: Rational) -> Expression {
        Simplifier().power(self, exponent)
    }

    /// base^k for an integer k.
    public func raised(to exponent: Int) -> Expression {
        Simplifier().power(self, Rational(exponent))
    }

    /// Canonical form of this tree under `assumptions`.
    public func simplified(assuming assumptions: Assumptions = .none) -> Expression {
        Simplifier(assuming: assumptions).simplify(self)
    }
}

/// √u = u^(1/2), defined for u ≥ 0.
public func sqrt(_ operand: Expression) -> Expression {
    operand.raised(to: Rational.oneHalf)
}

/// max(u, 0), the ramp.
public func ramp(_ operand: Expression) -> Expression {
    Simplifier().ramp(operand)
}

/// The Heaviside step H(u) (H(0) is a kink; evaluation takes 0 and reports it).
public func heaviside(_ operand: Expression) -> Expression {
    Simplifier().step(operand)
}

extension Rational {
    /// The exact 1/2 (the exponent of a square root).
    static let oneHalf: Rational = (Rational.one / Rational(2)) ?? .one
}
