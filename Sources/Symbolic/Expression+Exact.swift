import ExactArithmetic

/// Why an expression has no exact rational value at a point.
public enum ExactEvaluationError: Error, Equatable, CustomStringConvertible {
    /// A symbol without a value in the environment.
    case unboundSymbol(String)
    /// 0^k with k < 0.
    case divisionByZero(Expression)
    /// u^p with p fractional and u < 0.
    case negativeBase(Expression)
    /// u^p has a value, but it is not rational (e.g. √2) or its folding is too large.
    case irrational(Expression)

    public var description: String {
        switch self {
        case .unboundSymbol(let name): return "symbol '\(name)' has no value"
        case .divisionByZero(let term): return "division by zero in \(term.plainText)"
        case .negativeBase(let term): return "fractional power of a negative number in \(term.plainText)"
        case .irrational(let term): return "\(term.plainText) is not rational at this point"
        }
    }
}

extension Expression {
    /// The exact value at `environment`, proofs/jacobian.md §3.4, with the semantics of
    /// `Program` (H(0) = 0; a product with a factor H(u) = 0 is 0 without evaluating the
    /// other factors), and the rectifier arguments found to be exactly 0, in order of
    /// evaluation, without repetition. A fractional power u^(m/2^k) is exact when u is a
    /// 2^k-th power of a rational (0 and 1 for other denominators); otherwise `.irrational`. Integer powers are limited to
    /// |k| ≤ 4096 (`.irrational` beyond) so the size of the result stays bounded.
    public func exactValue(in environment: [String: Rational]) throws(ExactEvaluationError)
        -> (value: Rational, kinks: [Expression]) {
        var kinks: [Expression] = []
        let value = try exactValue(environment, &kinks)
        return (value, kinks)
    }

    private func exactValue(_ environment: [String: Rational],
                            _ kinks: inout [Expression]) throws(ExactEvaluationError) -> Rational {
        switch self {
        case .constant(let value):
            return value
        case .symbol(let name):
            guard let value = environment[name] else { throw .unboundSymbol(name) }
            return value
        case .sum(let terms):
            var total = Rational.zero
            for term in terms { total += try term.exactValue(environment, &kinks) }
            return total
        case .product(let factors):
            var total = Rational.one
            // A step factor that is exactly 0 makes the product 0 whatever the other factors are,
            // in any order: a step factor that is itself undefined does not hide a later zero one
            // (simplification reorders factors; the value must not depend on their order).
            var stepFailure: ExactEvaluationError?
            for factor in factors {
                // H(u), or a positive power of it (simplification writes H(u)·H(u) as H(u)^2).
                let step: Expression
                switch factor {
                case .step: step = factor
                case .power(let base, let exponent) where exponent.signum > 0:
                    guard case .step = base else { continue }
                    step = base
                default: continue
                }
                do {
                    if try step.exactValue(environment, &kinks).isZero { return .zero }
                } catch {
                    stepFailure = stepFailure ?? error
                }
            }
            if let stepFailure { throw stepFailure }
            for factor in factors { total *= try factor.exactValue(environment, &kinks) }
            return total
        case .power(let base, let exponent):
            let value = try base.exactValue(environment, &kinks)
            return try Expression.exactPower(value, exponent, term: self)
        case .ramp(let argument), .step(let argument):
            let value = try argument.exactValue(environment, &kinks)
            if value.isZero, !kinks.contains(argument) { kinks.append(argument) }
            if case .ramp = self { return value.signum > 0 ? value : .zero }
            return value.signum > 0 ? .one : .zero
        }
    }

    private static func exactPower(_ value: Rational, _ exponent: Rational,
                                   term: Expression) throws(ExactEvaluationError) -> Rational {
        guard let k = Int(exactly: exponent.numerator), abs(k) <= 4096 else { throw .irrational(term) }
        if exponent.isInteger {
            guard let result = value.power(k) else { throw .divisionByZero(term) }
            return result
        }
        if value.signum < 0 { throw .negativeBase(term) }
        // A denominator 2^m: m exact square roots; any other denominator: only 0 and 1.
        var root = value, denominator = exponent.denominator
        while denominator % 2 == 0 {
            guard let next = root.exactSquareRoot else { throw .irrational(term) }
            root = next
            denominator /= 2
        }
        if denominator != 1, !root.isZero, root != .one { throw .irrational(term) }
        guard let result = root.power(k) else { throw .divisionByZero(term) }
        return result
    }
}
