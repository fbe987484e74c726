import ExactArithmetic

extension Expression {
    /// Plain-text form that `ExpressionParser` reads back, proofs/jacobian.md §3.5:
    /// `+ - * / ^`, `sqrt(u)` for u^(1/2), `max(u, 0)` for the ramp, `H(u)` for the step,
    /// exponents as `x^2` or `x^(-3/2)`, constants as integers or `p/q`; factors with
    /// negative exponents are printed as a denominator (`-r/(2*sqrt(a))`).
    /// For a canonical e, `ExpressionParser.parse(e.plainText).simplified() == e`
    /// (a property test).
    public var plainText: String { TextPrinter.plain.render(self).text }

    /// `plainText` with symbols renamed for display (the result may not parse back).
    public func plainText(symbolName: @escaping @Sendable (String) -> String) -> String {
        TextPrinter(isLaTeX: false, symbolName: symbolName).render(self).text
    }

    /// `plainText`.
    public var description: String { plainText }
}

extension Expression: CustomStringConvertible {}

/// Printer shared by the plain-text and LaTeX forms: the structure (signs, numerators
/// and denominators, precedence) is common, the spelling differs.
struct TextPrinter: Sendable {
    /// Binding strength of a printed form: sums 1, products 2, powers 3, atoms 4.
    enum Precedence: Int, Comparable {
        case sum = 1, product, power, atom
        static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let isLaTeX: Bool
    let symbolName: @Sendable (String) -> String

    static let plain = TextPrinter(isLaTeX: false, symbolName: { $0 })

    func render(_ expression: Expression) -> (text: String, precedence: Precedence) {
        switch expression {
        case .constant(let value):
            return constant(value)
        case .symbol(let name):
            return (symbolName(name), .atom)
        case .sum(let terms):
            var text = ""
            for (index, term) in terms.enumerated() {
                let (negative, magnitude) = Expression.signAndMagnitude(term)
                let body = wrap(render(magnitude), below: negative ? .product : .sum)
                if index == 0 {
                    text = negative ? "-" + body : body
                } else {
                    text += (negative ? " - " : " + ") + body
                }
            }
            return (text, .sum)
        case .product:
            return product(expression)
        case .power(let base, let exponent):
            if exponent.signum < 0 { return product(expression) }
            if exponent == .oneHalf {
                let inner = render(base).text
                return (isLaTeX ? "\\sqrt{\(inner)}" : "sqrt(\(inner))", .atom)
            }
            let baseText = wrap(render(base), below: .atom)
            let exponentText: String
            if exponent.isInteger {
                exponentText = isLaTeX ? "{\(exponent)}" : "\(exponent)"
            } else {
                exponentText = isLaTeX ? "{\(exponent)}" : "(\(exponent))"
            }
            return ("\(baseText)^\(exponentText)", .power)
        case .ramp(let argument):
            let inner = render(argument).text
            return (isLaTeX ? "\\max(\(inner), 0)" : "max(\(inner), 0)", .atom)
        case .step(let argument):
            return ("H(\(render(argument).text))", .atom)
        }
    }

    private func constant(_ value: Rational) -> (text: String, precedence: Precedence) {
        let sign = value.signum < 0 ? "-" : ""
        let magnitude = value.magnitude
        let text: String
        if magnitude.isInteger {
            text = "\(magnitude.numerator)"
        } else {
            text = isLaTeX ? "\\frac{\(magnitude.numerator)}{\(magnitude.denominator)}" : "\(magnitude)"
        }
        if value.signum < 0 { return (sign + text, .sum) }
        return (text, magnitude.isInteger || isLaTeX ? .atom : .product)
    }

    /// Products (and lone negative powers) as sign · numerator / denominator.
    private func product(_ expression: Expression) -> (text: String, precedence: Precedence) {
        let factors: [Expression]
        if case .product(let items) = expression { factors = items } else { factors = [expression] }
        var coefficient = Rational.one
        var numerator: [(text: String, precedence: Precedence)] = [], denominator = numerator
        for factor in factors {
            if case .constant(let value) = factor { coefficient = value; continue }
            let (base, exponent) = factor.baseAndExponent
            // A constant base, or a base that is itself a power, keeps its negative exponent:
            // 1/0^2 would read back as 1/0, and 1/sqrt(1/sqrt(x)) as 1/(1/x^(1/4)).
            if exponent.signum < 0, base.constantValue == nil, base.baseAndExponent.1 == .one {
                denominator.append(render(Expression.power(base, -exponent).droppingUnitExponent))
            } else {
                numerator.append(negativePower(factor) ?? render(factor))
            }
        }
        let magnitude = coefficient.magnitude
        if magnitude.numerator != 1 || numerator.isEmpty { numerator.insert(("\(magnitude.numerator)", .atom), at: 0) }
        if magnitude.denominator != 1 { denominator.insert(("\(magnitude.denominator)", .atom), at: 0) }
        let sign = coefficient.signum < 0 ? "-" : ""
        let separator = isLaTeX ? " " : "*"
        // In LaTeX a lone numerator or denominator needs no parentheses inside \frac.
        let topMinimum: Precedence = isLaTeX && numerator.count == 1 && !denominator.isEmpty ? .sum : .product
        let bottomMinimum: Precedence = isLaTeX && denominator.count == 1 ? .sum : .power
        let top = numerator.map { wrap($0, below: topMinimum) }.joined(separator: separator)
        let bottoms = denominator.map { wrap($0, below: bottomMinimum) }
        let text: String
        if denominator.isEmpty {
            text = top
        } else if isLaTeX {
            text = "\\frac{\(top)}{\(bottoms.joined(separator: separator))}"
        } else {
            // A sum in a grouped denominator would be distributed on reading ((2*(1 + y)) is
            // read as 2 + 2*y), so then every denominator factor gets its own '/'.
            let hasSum = denominator.contains { $0.precedence == .sum }
            if bottoms.count == 1 || hasSum {
                text = top + "/" + bottoms.joined(separator: "/")
            } else {
                text = top + "/(" + bottoms.joined(separator: "*") + ")"
            }
        }
        return (sign + text, sign.isEmpty ? .product : .sum)
    }

    /// u^(−k) for a constant or power u, printed with its exponent in parentheses: `2^(-1/2)`.
    private func negativePower(_ factor: Expression) -> (text: String, precedence: Precedence)? {
        guard case .power(let base, let exponent) = factor, exponent.signum < 0 else { return nil }
        let baseText = wrap(render(base), below: .atom)
        return (isLaTeX ? "\(baseText)^{\(exponent)}" : "\(baseText)^(\(exponent))", .power)
    }

    private func wrap(_ rendered: (text: String, precedence: Precedence), below minimum: Precedence) -> String {
        guard rendered.precedence < minimum else { return rendered.text }
        return isLaTeX ? "\\left(\(rendered.text)\\right)" : "(\(rendered.text))"
    }
}

extension Expression {
    /// (true, −t) when t prints with a leading minus (negative constant or coefficient).
    static func signAndMagnitude(_ term: Expression) -> (negative: Bool, magnitude: Expression) {
        switch term {
        case .constant(let value) where value.signum < 0:
            return (true, .constant(-value))
        case .product(let factors):
            guard case .constant(let value)? = factors.first, value.signum < 0 else { return (false, term) }
            var flipped = factors
            flipped[0] = .constant(-value)
            return (true, value == Rational(-1) ? Simplifier().product(Array(factors.dropFirst())) : .product(flipped))
        default:
            return (false, term)
        }
    }

    /// u for u^1 (a printing helper for flipped negative exponents).
    var droppingUnitExponent: Expression {
        if case .power(let base, let exponent) = self, exponent == .one { return base }
        return self
    }
}
