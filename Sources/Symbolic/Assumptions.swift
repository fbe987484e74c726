import ExactArithmetic

/// What the simplifier may assume about symbols, proofs/jacobian.md §3.0: a set of
/// symbols known to be > 0 and a set known to be ≠ 0 (positive implies nonzero).
///
/// Assumptions only license rewrites that are exact under them: x·x⁻¹ → 1 needs x ≠ 0,
/// √x·√x → x needs x ≥ 0 (here: x > 0), max(x, 0) → x and H(x) → 1 need x > 0.
/// Sign facts about compound expressions are inferred structurally (a sum or product of
/// positives is positive, a power of a positive is positive); the inference is sound
/// but incomplete.
public struct Assumptions: Sendable, Hashable {
    /// Symbols known to be > 0.
    public let positive: Set<String>
    /// Symbols known to be ≠ 0 (includes every positive symbol).
    public let nonzero: Set<String>

    /// No assumptions: every symbol is an arbitrary real.
    public static let none = Assumptions()

    public init(positive: Set<String> = [], nonzero: Set<String> = []) {
        self.positive = positive
        self.nonzero = nonzero.union(positive)
    }

    /// True when `expression` is provably > 0 under these assumptions.
    public func isPositive(_ expression: Expression) -> Bool {
        switch expression {
        case .constant(let value): return value.signum > 0
        case .symbol(let name): return positive.contains(name)
        case .sum(let terms): return terms.allSatisfy(isPositive)
        case .product(let factors): return factors.allSatisfy(isPositive)
        case .power(let base, let exponent):
            if isPositive(base) { return true }
            // An even integer power of a nonzero number is positive.
            return exponent.isInteger && isNonzero(base) && (exponent.numerator % 2 == 0)
        case .ramp(let argument): return isPositive(argument)
        case .step(let argument): return isPositive(argument)
        }
    }

    /// True when `expression` is provably ≠ 0 (where it is defined) under these assumptions.
    public func isNonzero(_ expression: Expression) -> Bool {
        switch expression {
        case .constant(let value): return !value.isZero
        case .symbol(let name): return nonzero.contains(name)
        case .product(let factors): return factors.allSatisfy(isNonzero)
        case .power(let base, _): return isNonzero(base)
        case .sum, .ramp, .step: return isPositive(expression)
        }
    }
}
