/// A strict RFC 8259 JSON parser over UTF-8 bytes, producing `JSONValue` (or, for case
/// files, a `JSONTree` whose numbers are `JSONNumber`s, converted straight from the bytes).
/// Refuses trailing commas, comments, leading zeros, bare NaN/Infinity and trailing text.
/// Nesting is limited to 64 levels so no input can exhaust the stack.
public struct JSONParser {
    /// The document's UTF-8, valid during `parse` only (nothing parsed keeps a pointer into it).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private static let maximumDepth = 64

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(text, numbers: String.self)
    }

    /// The same parse, each number kept as `Number` makes it from its text (the syntax and
    /// every error are the same whatever `Number` is).
    static func parse<Number: JSONNumberRepresentation>(_ text: String, numbers: Number.Type)
        throws(JSONSyntaxError) -> JSONTree<Number> {
        // The string's own contiguous UTF-8 (no copy of a native string).
        var text = text
        let parsed = text.withUTF8 { bytes -> Result<JSONTree<Number>, JSONSyntaxError> in
            Result { () throws(JSONSyntaxError) -> JSONTree<Number> in
                var parser = JSONParser(bytes: bytes)
                parser.skipWhitespace()
                let value: JSONTree<Number> = try parser.parseValue()
                parser.skipWhitespace()
                guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
                return value
            }
        }
        return try parsed.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ reason: String) -> JSONSyntaxError {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, reason: reason)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func expect<Number>(_ literal: String, value: JSONTree<Number>) throws(JSONSyntaxError) -> JSONTree<Number> {
        for byte in literal.utf8 {
            guard current == byte else { throw error("invalid literal (expected \(literal))") }
            index += 1
        }
        return value
    }

    private mutating func parseValue<Number: JSONNumberRepresentation>() throws(JSONSyntaxError) -> JSONTree<Number> {
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
        case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
        case UInt8(ascii: "n"): return try expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(Number(jsonText: try parseNumber()))
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("NaN and Infinity are not JSON numbers")
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    private mutating func parseObject<Number: JSONNumberRepresentation>() throws(JSONSyntaxError) -> JSONTree<Number> {
        try enter(); defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONTree<Number>)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected ',' or '}' in object")
        }
    }

    private mutating func parseArray<Number: JSONNumberRepresentation>() throws(JSONSyntaxError) -> JSONTree<Number> {
        try enter(); defer { depth -= 1 }
        index += 1
        var elements: [JSONTree<Number>] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected ',' or ']' in array")
        }
    }

    /// The bytes of a number, checked against the RFC 8259 syntax.
    private mutating func parseNumber() throws(JSONSyntaxError) -> Slice<UnsafeBufferPointer<UInt8>> {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            var count = 0
            while let b = parser.current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { parser.index += 1; count += 1 }
            return count
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
            if let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { throw error("leading zeros are not allowed") }
        } else if digits(&self) == 0 { throw error("expected digits") }
        if current == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw error("expected digits after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw error("expected digits in the exponent") }
        }
        return bytes[start..<index]
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush(_ run: inout [UInt8], into scalars: inout String.UnicodeScalarView) {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                flush(&run, into: &scalars)
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(&run, into: &scalars)
                index += 1
                guard let escape = current else { throw error("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
                    else { throw error("invalid \\u escape") }
                    index += 4
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw error("invalid escape character")
                }
            case 0x00..<0x20:
                throw error("control character in string")
            default:
                run.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }
}
