import ExactArithmetic

/// Why a text is not an expression; positions count characters from 0.
public enum ExpressionParseError: Error, Equatable, CustomStringConvertible {
    case unexpectedCharacter(Character, position: Int)
    case unexpectedEnd(expected: String)
    case expected(String, position: Int)
    case nonConstantExponent(position: Int)
    case malformedNumber(String, position: Int)
    case tooDeep(position: Int)

    public var description: String {
        switch self {
        case .unexpectedCharacter(let character, let position): return "unexpected '\(character)' at position \(position)"
        case .unexpectedEnd(let expected): return "text ends where \(expected) was expected"
        case .expected(let what, let position): return "expected \(what) at position \(position)"
        case .nonConstantExponent(let position): return "the exponent at position \(position) must be a rational constant"
        case .malformedNumber(let text, let position): return "'\(text)' at position \(position) is not a number"
        case .tooDeep(let position): return "nesting deeper than \(ExpressionParser.maximumDepth) at position \(position)"
        }
    }
}

/// Reads the plain text written by `Expression.plainText`, proofs/jacobian.md §3.5.
///
///     expression := term (('+' | '-') term)*
///     term       := ['-'] factor (('*' | '/') factor)*
///     factor     := '-' factor | primary ('^' primary)?       exponent: a rational constant
///     primary    := number | identifier | '(' expression ')'
///                 | 'sqrt(' expression ')' | 'max(' expression ',' '0' ')' | 'H(' expression ')'
///
/// Numbers are integers or decimals (exact: `0.1` is 1/10). The result is canonical.
public struct ExpressionParser {
    /// Parentheses and unary minus nest at most this deep (no stack overflow on input).
    public static let maximumDepth = 200

    private let characters: [Character]
    private var position = 0
    private var depth = 0

    /// Parses `text` into a canonical expression.
    public static func parse(_ text: String) throws(ExpressionParseError) -> Expression {
        var parser = ExpressionParser(characters: Array(text))
        let result = try parser.expression()
        parser.skipSpaces()
        if parser.position < parser.characters.count {
            throw .unexpectedCharacter(parser.characters[parser.position], position: parser.position)
        }
        return result
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func expression() throws(ExpressionParseError) -> Expression {
        var terms = [try term()]
        while let next = peek(), next == "+" || next == "-" {
            position += 1
            let operand = try term()
            terms.append(next == "+" ? operand : -operand)
        }
        return Simplifier().sum(terms)
    }

    /// A leading minus negates the whole term (`-(a + b)/x` is −1·(a + b)·x⁻¹, as printed).
    private mutating func term() throws(ExpressionParseError) -> Expression {
        var factors: [Expression] = []
        if peek() == "-" {
            position += 1
            factors.append(.constant(Rational(-1)))
        }
        factors.append(try factor())
        while let next = peek(), next == "*" || next == "/" {
            position += 1
            let operand = try factor()
            factors.append(next == "*" ? operand : operand.raised(to: -1))
        }
        return Simplifier().product(factors)
    }

    private mutating func factor() throws(ExpressionParseError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maximumDepth else { throw .tooDeep(position: position) }
        if peek() == "-" {
            position += 1
            return -(try factor())
        }
        let base = try primary()
        guard peek() == "^" else { return base }
        position += 1
        let exponentPosition = position
        guard case .constant(let exponent) = try primary() else {
            throw .nonConstantExponent(position: exponentPosition)
        }
        return base.raised(to: exponent)
    }

    private mutating func primary() throws(ExpressionParseError) -> Expression {
        guard let next = peek() else { throw .unexpectedEnd(expected: "a number, a symbol or '('") }
        if next == "(" {
            position += 1
            let inner = try nested()
            try expect(")")
            return inner
        }
        if next.isNumber || next == "." { return try number() }
        guard next.isLetter || next == "_" else { throw .unexpectedCharacter(next, position: position) }
        let name = identifier()
        guard peek() == "(" else { return .symbol(name) }
        position += 1
        let argument = try nested()
        switch name {
        case "sqrt":
            try expect(")")
            return sqrt(argument)
        case "H":
            try expect(")")
            return heaviside(argument)
        case "max":
            try expect(",")
            try expect("0")
            try expect(")")
            return ramp(argument)
        default:
            throw .expected("one of the functions sqrt, max, H", position: position)
        }
    }

    private mutating func nested() throws(ExpressionParseError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maximumDepth else { throw .tooDeep(position: position) }
        return try expression()
    }

    private mutating func number() throws(ExpressionParseError) -> Expression {
        let start = position
        while position < characters.count, characters[position].isNumber || characters[position] == "." {
            position += 1
        }
        let text = String(characters[start..<position])
        guard let value = try? Rational(parsing: text) else { throw .malformedNumber(text, position: start) }
        return .constant(value)
    }

    private mutating func identifier() -> String {
        let start = position
        while position < characters.count,
              characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
            position += 1
        }
        return String(characters[start..<position])
    }

    private mutating func expect(_ character: Character) throws(ExpressionParseError) {
        guard let next = peek() else { throw .unexpectedEnd(expected: "'\(character)'") }
        guard next == character else { throw .expected("'\(character)'", position: position) }
        position += 1
    }

    /// The next non-space character, without consuming it.
    private mutating func peek() -> Character? {
        skipSpaces()
        return position < characters.count ? characters[position] : nil
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }
}
