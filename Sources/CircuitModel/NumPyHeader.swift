/// The header of a `.npy` file: a Python dict literal with exactly the keys `descr` (a
/// string), `fortran_order` (`True`/`False`) and `shape` (a tuple of non-negative integers),
/// e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }`.
///
/// This is a parser for that literal only (strings in single or double quotes, `True`,
/// `False`, integers, tuples, lists and dicts), never an evaluator: a structured dtype's
/// list `descr` parses and is then refused by type.
struct NumPyHeader {
    let elementType: NumPyArray.ElementType
    let fortranOrder: Bool
    let shape: [Int]

    private indirect enum Literal {
        case string(String)
        case boolean(Bool)
        case integer(Int)
        case sequence([Literal])
        case dictionary([(String, Literal)])
        case none
    }

    static func parse(_ text: String) throws(NumPyFormatError) -> NumPyHeader {
        var parser = LiteralParser(scalars: Array(text.unicodeScalars))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.atEnd else { throw .malformedHeader("unexpected text after the dict") }
        guard case .dictionary(let members) = value else { throw .malformedHeader("the header is not a dict") }
        var descr: Literal?, fortran: Literal?, shape: Literal?
        for (key, member) in members {
            switch key {
            case "descr" where descr == nil: descr = member
            case "fortran_order" where fortran == nil: fortran = member
            case "shape" where shape == nil: shape = member
            case "descr", "fortran_order", "shape": throw .malformedHeader("key '\(key)' appears twice")
            default: throw .malformedHeader("unexpected key '\(key)' (expected descr, fortran_order, shape)")
            }
        }
        guard let descr, let fortran, let shape else { throw .malformedHeader("a key is missing (expected descr, fortran_order, shape)") }
        guard case .string(let typeText) = descr else { throw .unsupportedElementType("a structured dtype") }
        guard let type = NumPyArray.ElementType(rawValue: typeText) else { throw .unsupportedElementType(typeText) }
        guard case .boolean(let isFortran) = fortran else { throw .malformedHeader("fortran_order must be True or False") }
        guard case .sequence(let items) = shape else { throw .malformedHeader("shape must be a tuple of integers") }
        var dimensions: [Int] = []
        for item in items {
            guard case .integer(let dimension) = item, dimension >= 0 else {
                throw .malformedHeader("shape must be a tuple of non-negative integers")
            }
            dimensions.append(dimension)
        }
        return NumPyHeader(elementType: type, fortranOrder: isFortran, shape: dimensions)
    }

    private struct LiteralParser {
        let scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool { index == scalars.count }
        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skipSpace() {
            while let scalar = current, scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" { index += 1 }
        }

        mutating func value(depth: Int) throws(NumPyFormatError) -> Literal {
            guard depth < 16 else { throw .malformedHeader("nested too deeply") }
            guard let scalar = current else { throw .malformedHeader("unexpected end") }
            switch scalar {
            case "'", "\"": return .string(try string())
            case "(": return .sequence(try items(closing: ")", depth: depth))
            case "[": return .sequence(try items(closing: "]", depth: depth))
            case "{": return try dictionary(depth: depth)
            case "0"..."9", "-": return .integer(try integer())
            default:
                let word = identifier()
                switch word {
                case "True": return .boolean(true)
                case "False": return .boolean(false)
                case "None": return .none
                default: throw .malformedHeader("unexpected '\(word.isEmpty ? String(scalar) : word)'")
                }
            }
        }

        private mutating func identifier() -> String {
            var word = ""
            while let scalar = current, scalar.properties.isAlphabetic || scalar == "_" {
                word.unicodeScalars.append(scalar)
                index += 1
            }
            return word
        }

        private mutating func string() throws(NumPyFormatError) -> String {
            guard let quote = current else { throw .malformedHeader("unexpected end") }
            index += 1
            var text = ""
            while let scalar = current {
                index += 1
                if scalar == quote { return text }
                if scalar == "\\" { throw .malformedHeader("escape sequences are not expected in a header string") }
                text.unicodeScalars.append(scalar)
            }
            throw .malformedHeader("unterminated string")
        }

        private mutating func integer() throws(NumPyFormatError) -> Int {
            var text = ""
            if current == "-" { text = "-"; index += 1 }
            while let scalar = current, ("0"..."9").contains(scalar) {
                text.unicodeScalars.append(scalar)
                index += 1
            }
            if current == "L" { index += 1 }  // Python 2 long suffix, as old NumPy wrote it
            guard let value = Int(text) else { throw .malformedHeader("invalid integer '\(text)'") }
            return value
        }

        private mutating func items(closing: Unicode.Scalar, depth: Int) throws(NumPyFormatError) -> [Literal] {
            index += 1
            var result: [Literal] = []
            while true {
                skipSpace()
                if current == closing { index += 1; return result }
                result.append(try value(depth: depth + 1))
                skipSpace()
                if current == "," { index += 1; continue }
                guard current == closing else { throw .malformedHeader("expected ',' or '\(closing)'") }
            }
        }

        private mutating func dictionary(depth: Int) throws(NumPyFormatError) -> Literal {
            index += 1
            var members: [(String, Literal)] = []
            while true {
                skipSpace()
                if current == "}" { index += 1; return .dictionary(members) }
                guard case .string(let key) = try value(depth: depth + 1) else { throw .malformedHeader("dict keys must be strings") }
                skipSpace()
                guard current == ":" else { throw .malformedHeader("expected ':' after '\(key)'") }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                if current == "," { index += 1; continue }
                guard current == "}" else { throw .malformedHeader("expected ',' or '}'") }
            }
        }
    }
}
