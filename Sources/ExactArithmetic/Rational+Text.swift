import BigInt

/// Why a string is not an exact rational.
public enum RationalParseError: Error, Equatable, CustomStringConvertible {
    case empty
    case malformed(String)
    case zeroDenominator(String)

    public var description: String {
        switch self {
        case .empty: return "empty string is not a rational number"
        case .malformed(let text): return "'\(text)' is not a rational number (write p/q, an integer, or a decimal such as 0.1 or 1e-3)"
        case .zeroDenominator(let text): return "'\(text)' has a zero denominator"
        }
    }
}

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// "p/q", or "p" for an integer.
    public var description: String {
        denominator == 1 ? numerator.description : "\(numerator)/\(denominator)"
    }

    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    /// Parses `p/q`, an integer, or a decimal with optional exponent (`-0.125`, `1e-3`,
    /// `2.5E2`): the decimal's exact value, so `0.1` is 1/10, not the double nearest it.
    public init(parsing text: String) throws(RationalParseError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        if let slash = trimmed.firstIndex(of: "/") {
            let top = String(trimmed[..<slash]), bottom = String(trimmed[trimmed.index(after: slash)...])
            guard let p = Rational.parseDecimal(top), let q = Rational.parseDecimal(bottom) else {
                throw .malformed(text)
            }
            guard let quotient = p / q else { throw .zeroDenominator(text) }
            self = quotient
            return
        }
        guard let value = Rational.parseDecimal(trimmed) else { throw .malformed(text) }
        self = value
    }

    /// [sign] digits [. digits] [(e|E) [sign] digits]
    private static func parseDecimal(_ text: String) -> Rational? {
        var chars = Substring(text)
        var negative = false
        if let first = chars.first, first == "-" || first == "+" {
            negative = first == "-"
            chars = chars.dropFirst()
        }
        var mantissa = chars, exponentText: Substring = ""
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            exponentText = chars[chars.index(after: e)...]
            guard !exponentText.isEmpty else { return nil }
        }
        var integerPart = mantissa, fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        guard !(integerPart.isEmpty && fractionPart.isEmpty),
              integerPart.allSatisfy(\.isASCIIDigit), fractionPart.allSatisfy(\.isASCIIDigit) else { return nil }
        var exponent = 0
        if !exponentText.isEmpty {
            var expChars = exponentText, expNegative = false
            if let first = expChars.first, first == "-" || first == "+" {
                expNegative = first == "-"
                expChars = expChars.dropFirst()
            }
            guard !expChars.isEmpty, expChars.count <= 6, expChars.allSatisfy(\.isASCIIDigit),
                  let e = Int(expChars) else { return nil }
            exponent = expNegative ? -e : e
        }
        guard let digits = BigInt(String(integerPart + fractionPart).isEmpty ? "0" : String(integerPart + fractionPart)) else { return nil }
        let scale = exponent - fractionPart.count
        let ten = BigInt(10)
        let magnitude = scale >= 0 ? Rational(digits * ten.power(scale)) : Rational(unchecked: digits, ten.power(-scale))
        return negative ? -magnitude : magnitude
    }

    /// Decimal expansion truncated toward zero to `digits` digits after the point.
    public func decimalString(digits: Int) -> String {
        let scale = BigInt(10).power(max(0, digits))
        let scaled = numerator.magnitude * scale.magnitude / denominator.magnitude
        var text = String(scaled)
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return (numerator.sign == .minus && !numerator.isZero ? "-" : "") + text
    }
}

extension Rational {
    /// The decimal with `digits` digits after the point nearest to this value (halves
    /// rounded away from zero): |result - value| ≤ 10^-digits / 2. "-0" is printed as "0".
    public func roundedDecimalString(digits: Int) -> String {
        let places = max(0, digits)
        let scale = BigInt(10).power(places)
        let twice = 2 * BigInt(numerator.magnitude) * scale + denominator
        let scaled = twice / (2 * denominator)
        var text = String(scaled)
        if places > 0 {
            if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        }
        return (numerator.sign == .minus && !scaled.isZero ? "-" : "") + text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
