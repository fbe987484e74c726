import ExactArithmetic
import Randomness
@testable import Symbolic

/// Random expression trees from a seeded generator, for the property tests.
///
/// Trees are built from the raw cases (not canonical), so that simplification has work
/// to do. Leaves are the symbols x, y, z or small rationals; inner nodes are sums and
/// products of 2–3 children, powers with exponents in {−2, −1, −1/2, 1/2, 3/2, 2, 3},
/// max(·, 0) and H.
struct RandomExpression {
    static let symbols = ["x", "y", "z"]
    static let exponents: [Rational] = [
        Rational(-2), Rational(-1), -Rational.oneHalf, Rational.oneHalf,
        Rational(3) * Rational.oneHalf, Rational(2), Rational(3),
    ]

    /// Whether H and max(·,0) may appear.
    var allowRectifiers = true
    /// Whether powers may have negative exponents.
    var allowNegativeExponents = true

    func make(depth: Int, using rng: inout some RandomNumberGenerator) -> Expression {
        if depth == 0 || rng.nextBernoulli(0.25) { return leaf(using: &rng) }
        let kinds = allowRectifiers ? 6 : 4
        switch rng.nextIndex(below: kinds) {
        case 0, 1:
            let count = 2 + rng.nextIndex(below: 2)
            return .sum((0..<count).map { _ in make(depth: depth - 1, using: &rng) })
        case 2:
            let count = 2 + rng.nextIndex(below: 2)
            return .product((0..<count).map { _ in make(depth: depth - 1, using: &rng) })
        case 3:
            let choices = allowNegativeExponents ? RandomExpression.exponents
                : RandomExpression.exponents.filter { $0.signum > 0 }
            return .power(make(depth: depth - 1, using: &rng), choices[rng.nextIndex(below: choices.count)])
        case 4:
            return .ramp(make(depth: depth - 1, using: &rng))
        default:
            return .step(make(depth: depth - 1, using: &rng))
        }
    }

    func leaf(using rng: inout some RandomNumberGenerator) -> Expression {
        if rng.nextBernoulli(0.6) {
            return .symbol(RandomExpression.symbols[rng.nextIndex(below: RandomExpression.symbols.count)])
        }
        return .constant(RandomExpression.smallRational(using: &rng))
    }

    /// p/q with p in −4…4, q in 1…3.
    static func smallRational(using rng: inout some RandomNumberGenerator) -> Rational {
        let p = rng.nextIndex(below: 9) - 4, q = 1 + rng.nextIndex(below: 3)
        return (Rational(p) / Rational(q)) ?? .zero
    }

    /// A point where every symbol is the square of a nonzero rational (so √symbol is
    /// exact), with random signs for half the draws.
    static func exactPoint(using rng: inout some RandomNumberGenerator) -> [String: Rational] {
        var point: [String: Rational] = [:]
        for name in symbols {
            let p = 1 + rng.nextIndex(below: 5), q = 1 + rng.nextIndex(below: 3)
            let root = (Rational(p) / Rational(q)) ?? .one
            point[name] = rng.nextBernoulli(0.25) ? -(root * root) : root * root
        }
        return point
    }
}
