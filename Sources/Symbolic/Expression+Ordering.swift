import ExactArithmetic

extension Expression {
    /// A total order on expression trees, used to sort the terms of a canonical sum and
    /// the factors of a canonical product: constants, then symbols (by name), powers
    /// (by base, then exponent), products, sums, ramps, steps; ties broken
    /// lexicographically on the children. A symbol and its powers sort next to each
    /// other (x < x² < y) because a non-power compares as its own base with exponent 1.
    static func precedes(_ lhs: Expression, _ rhs: Expression) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0, +1 as lhs sorts before, equal to, after rhs.
    static func compare(_ lhs: Expression, _ rhs: Expression) -> Int {
        let (leftBase, leftExponent) = lhs.baseAndExponent
        let (rightBase, rightExponent) = rhs.baseAndExponent
        if leftBase != lhs || rightBase != rhs {
            let byBase = compareNodes(leftBase, rightBase)
            if byBase != 0 { return byBase }
            return leftExponent == rightExponent ? 0 : (leftExponent < rightExponent ? -1 : 1)
        }
        return compareNodes(lhs, rhs)
    }

    private static func compareNodes(_ lhs: Expression, _ rhs: Expression) -> Int {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank ? -1 : 1 }
        switch (lhs, rhs) {
        case let (.constant(a), .constant(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.symbol(a), .symbol(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.sum(a), .sum(b)), let (.product(a), .product(b)): return compareLists(a, b)
        case let (.power(a, p), .power(b, q)):
            let byBase = compare(a, b)
            if byBase != 0 { return byBase }
            return p == q ? 0 : (p < q ? -1 : 1)
        case let (.ramp(a), .ramp(b)), let (.step(a), .step(b)): return compare(a, b)
        default: return 0
        }
    }

    private static func compareLists(_ a: [Expression], _ b: [Expression]) -> Int {
        for (x, y) in zip(a, b) {
            let order = compare(x, y)
            if order != 0 { return order }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    private var rank: Int {
        switch self {
        case .constant: return 0
        case .symbol: return 1
        case .power: return 2
        case .product: return 3
        case .sum: return 4
        case .ramp: return 5
        case .step: return 6
        }
    }

    /// (u, p) for u^p, else (self, 1).
    var baseAndExponent: (Expression, Rational) {
        if case .power(let base, let exponent) = self { return (base, exponent) }
        return (self, .one)
    }
}
