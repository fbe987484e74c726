import ExactArithmetic

/// A real-valued expression over named real symbols and exact rational constants,
/// proofs/jacobian.md §3.0.
///
/// Cases are public so that callers can inspect an expression, but an expression built
/// directly from the cases need not be canonical: build with the operators of
/// `Expression+Operators.swift`, or call `simplified(assuming:)`, which returns the
/// canonical form defined in `Simplifier`. Two canonical expressions are equal (`==`,
/// synthesized, structural) when they have the same tree, so equality and hashing are
/// exact and cheap, but canonical forms are not a decision procedure for equality of
/// functions (products are not distributed over sums).
///
/// Conventions of the value:
/// - `power(u, p)` is u^p for a rational p; u^(1/2) is the square root, and a
///   non-integer power of a negative number is undefined (NaN in `Program`).
/// - `ramp(u)` is max(u, 0); `step(u)` is the Heaviside function H(u), 1 for u > 0 and
///   0 for u < 0. At u = 0 exactly both are *kinks*: evaluation takes H(0) = 0 (the
///   left derivative of max(u, 0)) and reports that a kink was hit.
public indirect enum Expression: Sendable, Hashable {
    /// An exact rational constant.
    case constant(Rational)
    /// A real symbol, named by an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
    case symbol(String)
    /// Σ terms: canonically at least two terms, flattened, like terms collected, sorted,
    /// with at most one constant term, which comes first.
    case sum([Expression])
    /// Π factors: canonically at least two factors, flattened, powers of equal bases
    /// merged where the domain allows, sorted, with at most one constant (≠ 0, ≠ 1 unless
    /// alone), which comes first.
    case product([Expression])
    /// base^exponent, exponent rational, canonically ≠ 0 and ≠ 1.
    case power(Expression, Rational)
    /// max(u, 0).
    case ramp(Expression)
    /// The Heaviside step H(u) (derivative of max(u, 0) away from u = 0).
    case step(Expression)

    /// The constant 0.
    public static let zero = Expression.constant(.zero)
    /// The constant 1.
    public static let one = Expression.constant(.one)

    /// The value when this is a constant.
    public var constantValue: Rational? {
        if case .constant(let value) = self { return value }
        return nil
    }

    /// Every symbol that occurs, in sorted order.
    public var symbols: [String] {
        var found = Set<String>()
        collectSymbols(into: &found)
        return found.sorted()
    }

    private func collectSymbols(into found: inout Set<String>) {
        switch self {
        case .constant: return
        case .symbol(let name): found.insert(name)
        case .sum(let items), .product(let items): for item in items { item.collectSymbols(into: &found) }
        case .power(let base, _): base.collectSymbols(into: &found)
        case .ramp(let argument), .step(let argument): argument.collectSymbols(into: &found)
        }
    }

    /// The arguments u of every max(u, 0) and H(u) inside, without repetition, in order of
    /// first appearance (depth first). The expression is differentiable wherever none of
    /// them is 0 (proofs/jacobian.md eq. (3.3)); the kink report of `Program` checks them.
    public var rectifierArguments: [Expression] {
        var seen = Set<Expression>(), ordered: [Expression] = []
        collectRectifierArguments(seen: &seen, ordered: &ordered)
        return ordered
    }

    private func collectRectifierArguments(seen: inout Set<Expression>, ordered: inout [Expression]) {
        switch self {
        case .constant, .symbol: return
        case .sum(let items), .product(let items):
            for item in items { item.collectRectifierArguments(seen: &seen, ordered: &ordered) }
        case .power(let base, _): base.collectRectifierArguments(seen: &seen, ordered: &ordered)
        case .ramp(let argument), .step(let argument):
            if seen.insert(argument).inserted { ordered.append(argument) }
            argument.collectRectifierArguments(seen: &seen, ordered: &ordered)
        }
    }

    /// Number of nodes of the tree (a size measure for generators and tests).
    public var nodeCount: Int {
        switch self {
        case .constant, .symbol: return 1
        case .sum(let items), .product(let items): return items.reduce(1) { $0 + $1.nodeCount }
        case .power(let base, _): return 1 + base.nodeCount
        case .ramp(let argument), .step(let argument): return 1 + argument.nodeCount
        }
    }
}
