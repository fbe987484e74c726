@testable import CircuitModel
import PropertyBased
import Randomness
import Testing

/// Case files convert each number straight from its UTF-8 bytes (`JSONNumber`); the route it
/// replaced built a `String` per number and called `Double(String)` (strtod). The two must
/// agree bit for bit on every number, and the parse must fail the same way on every error.
@Suite("JSON numbers from the bytes: bit for bit Double(String)")
struct JSONNumberTests {
    // MARK: awkward number texts

    static func digits(_ count: Int, _ rng: inout Xoshiro256StarStar) -> String {
        String((0..<count).map { _ in Character(String(rng.nextIndex(below: 10))) })
    }

    /// 1-9 then `count - 1` digits: an integer part without a leading zero.
    static func integerDigits(_ count: Int, _ rng: inout Xoshiro256StarStar) -> String {
        String(1 + rng.nextIndex(below: 9)) + digits(count - 1, &rng)
    }

    /// A decimal exponent's magnitude: small, next to the fast paths' limits (22, 27), in the
    /// subnormal and overflow ranges, beyond them, or absurd.
    static func exponentMagnitude(_ rng: inout Xoshiro256StarStar) -> Int {
        switch rng.nextIndex(below: 6) {
        case 0: return rng.nextIndex(below: 20)
        case 1: return 17 + rng.nextIndex(below: 14)  // 17…30: around 22 and 27
        case 2: return 280 + rng.nextIndex(below: 50)  // near the double range's ends
        case 3: return 330 + rng.nextIndex(below: 100)
        case 4: return [99_999, 100_000, 100_001, 1_000_000, Int.max][rng.nextIndex(below: 5)]
        default: return rng.nextIndex(below: 40)
        }
    }

    /// "e", "E", "e+", "e-", … with leading zeros sometimes ("e007").
    static func exponentText(_ magnitude: Int, negative: Bool, _ rng: inout Xoshiro256StarStar) -> String {
        let letter = rng.nextIndex(below: 2) == 0 ? "e" : "E"
        let sign = negative ? "-" : ["", "+"][rng.nextIndex(below: 2)]
        return letter + sign + String(repeating: "0", count: rng.nextIndex(below: 4) == 0 ? 1 + rng.nextIndex(below: 3) : 0)
            + String(magnitude)
    }

    /// The digits of an integer moved to ±w · 10^e form: "w", "w.dd" with the point moved, or
    /// with an exponent that puts it back ("12345e-2", "1.2345e2").
    static func placed(_ integer: String, shift: Int, _ rng: inout Xoshiro256StarStar) -> String {
        // integer · 10^shift, written with a decimal point `point` places from the right.
        let point = rng.nextIndex(below: integer.count)
        let body = point == 0 ? integer : String(integer.dropLast(point)) + "." + String(integer.suffix(point))
        let exponent = shift + point
        if exponent == 0 && rng.nextIndex(below: 2) == 0 { return body }
        return body + exponentText(abs(exponent), negative: exponent < 0, &rng)
    }

    /// A JSON number text from one of the awkward families.
    static func awkwardNumber(_ rng: inout Xoshiro256StarStar) -> String {
        let sign = rng.nextIndex(below: 2) == 0 ? "-" : ""
        switch rng.nextIndex(below: 9) {
        case 0:  // anything: 1-25 digit integer part or "0", a fraction with leading zeros, any exponent
            var text = rng.nextIndex(below: 3) == 0 ? "0" : integerDigits(1 + rng.nextIndex(below: 25), &rng)
            if rng.nextIndex(below: 3) != 0 {
                let zeros = rng.nextIndex(below: 3) == 0 ? rng.nextIndex(below: 40) : 0
                text += "." + String(repeating: "0", count: zeros) + digits(1 + rng.nextIndex(below: 25), &rng)
            }
            if rng.nextIndex(below: 3) != 0 {
                text += exponentText(exponentMagnitude(&rng), negative: rng.nextIndex(below: 2) == 0, &rng)
            }
            return sign + text
        case 1:  // the significand's limits: 2⁵³ ± 2 (Clinger), 10¹⁹ − 1 … 2⁶⁴ (19 and 20 digits)
            let w: UInt64 = [(1 << 53) - 2 + UInt64(rng.nextIndex(below: 5)), 9_999_999_999_999_999_999, 10_000_000_000_000_000_000,
                             UInt64.max, UInt64.max - UInt64(rng.nextIndex(below: 1000))][rng.nextIndex(below: 5)]
            return sign + placed(String(w), shift: rng.nextIndex(below: 61) - 30, &rng)
        case 2:  // exact ties: M · 2^k with M odd of 54 bits lies halfway between two doubles
            let m = (UInt64(1) << 53) | (rng.next() >> 11) | 1
            let k = rng.nextIndex(below: 15) - 4  // −4…10: M · 2^k, or M · 5^−k · 10^k, fits in 64 bits
            let tie = k >= 0 ? m << k : m * (0..<(-k)).reduce(1) { power, _ in power * 5 }
            var digits = String(tie), shift = min(k, 0)
            switch rng.nextIndex(below: 4) {  // or a neighbour, one unit of the last or a later digit away
            case 0: digits += rng.nextIndex(below: 2) == 0 ? "01" : "00"; shift -= 2
            case 1: digits = String(tie - 1)
            case 2: digits = String(tie + 1)
            default: break
            }
            if rng.nextIndex(below: 4) == 0 { shift += rng.nextIndex(below: 9) - 4 }  // the same digits · 10^±4
            return sign + placed(digits, shift: shift, &rng)
        case 3:  // a double's shortest round-trip text (Swift's description is JSON for finite values)
            let value = Double(bitPattern: rng.next())
            return value.isFinite ? "\(value)" : sign + "1e309"
        case 4:  // the ends of the double range: subnormals, the smallest normal, the largest finite
            let fixed = ["4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.225073858507201e-308",
                         "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308",
                         "1.7976931348623159e308", "1e400", "1E400", "1e-400", "4.9406564584124654e-324"]
            if rng.nextIndex(below: 2) == 0 { return sign + fixed[rng.nextIndex(below: fixed.count)] }
            let magnitude = rng.nextIndex(below: 2) == 0 ? 300 + rng.nextIndex(below: 30) : 290 + rng.nextIndex(below: 30)
            return sign + integerDigits(1, &rng) + "." + digits(1 + rng.nextIndex(below: 20), &rng)
                + exponentText(magnitude, negative: rng.nextIndex(below: 3) != 0, &rng)
        case 5:  // zeros: -0, 0.000, 0e999, -0.0E-400
            var text = "0"
            if rng.nextIndex(below: 2) == 0 { text += "." + String(repeating: "0", count: 1 + rng.nextIndex(below: 30)) }
            if rng.nextIndex(below: 2) == 0 {
                text += exponentText(exponentMagnitude(&rng), negative: rng.nextIndex(below: 2) == 0, &rng)
            }
            return sign + text
        case 6:  // 15-25 significant digits (the exact-integer path and its 19-digit limit), |e| ≤ 30
            let count = 15 + rng.nextIndex(below: 11)
            return sign + placed(integerDigits(count, &rng), shift: rng.nextIndex(below: 61) - 30, &rng)
        case 7:  // a tie, or just above one, decided only by the bits the exact-integer path drops
            return sign + (rng.nextIndex(below: 2) == 0 ? productTie(&rng) : quotientTie(&rng))
        default:  // numbers as case files hold them: "0.00ddd…" with 14-18 digits (Python's repr)
            return sign + "0." + String(repeating: "0", count: rng.nextIndex(below: 6)) + integerDigits(14 + rng.nextIndex(below: 5), &rng)
        }
    }

    /// w · 10^e, 1 ≤ e ≤ 27, w < 10¹⁹, whose exact N = w · 5^e has 64 + d bits, the top 64
    /// ending in 1 and ten 0s (exactly half a unit of the 53rd bit) and the d bits below equal
    /// to r: r = 0 is a tie (to even), r > 0 just above one (up). Random digits land there
    /// about once in 4000 draws; here w solves w · 5^e ≡ 2^(10+d) + r (mod 2^(11+d)).
    static func productTie(_ rng: inout Xoshiro256StarStar) -> String {
        while true {
            let e = 1 + rng.nextIndex(below: 27)
            let p = (0..<e).reduce(UInt64(1)) { power, _ in power * 5 }
            var inverse = p  // p⁻¹ mod 2⁶⁴ by Newton's iteration (p odd)
            for _ in 0..<5 { inverse = inverse &* (2 &- p &* inverse) }
            let d = 1 + rng.nextIndex(below: min(50, Int(2.3 * Double(e))))
            let modulus = UInt64(1) << (11 + d)
            let r = rng.nextIndex(below: 2) == 0 ? 0 : 1 + rng.next() % ((1 << d) - 1)
            let w0 = ((modulus >> 1) + r) &* inverse & (modulus - 1)
            // w = w0 + m · 2^(11+d), drawn so that N = w · p has 64 + d bits and w < 10¹⁹.
            let low = 0x1p63 * Double(1 << d) / Double(p), high = min(2 * low, 1e19)
            guard low < high else { continue }
            let m = UInt64(rng.nextUniform(low, high) / Double(modulus))
            let (w, overflow) = w0.addingReportingOverflow(m * modulus)
            let (top, _) = w.multipliedFullWidth(by: p)
            guard !overflow, w < 10_000_000_000_000_000_000, 128 - top.leadingZeroBitCount == 64 + d else { continue }
            return placed(String(w), shift: e, &rng)
        }
    }

    /// w · 10^−k, 1 ≤ k ≤ 27, 2⁶³ ≤ w < 10¹⁹, whose quotient q = ⌊w · 2^t / 5^k⌋ (t = (bit length
    /// of 5^k) − 1, as `JSONNumber.exactlyRounded` divides) ends in 1 and zeros below its 53
    /// leading bits: only the remainder says "above half" (random digits: once in ~2000).
    /// q is drawn with that ending, then w = ⌈q · 5^k / 2^t⌉ (the interval has length ≥ 1).
    static func quotientTie(_ rng: inout Xoshiro256StarStar) -> String {
        while true {
            let k = 1 + rng.nextIndex(below: 27)
            let p = (0..<k).reduce(UInt64(1)) { power, _ in power * 5 }
            let t = 63 - p.leadingZeroBitCount
            let scale = Double(1 << t) / Double(p)
            var q = UInt64(rng.nextUniform(0x1p63 * scale, 1e19 * scale))
            let excess = 64 - q.leadingZeroBitCount - 53
            q = (q >> excess) << excess | 1 << (excess - 1)
            let (high, low) = q.multipliedFullWidth(by: p)
            let w = (high << (64 - t) | low >> t) + (low & ((1 << t) - 1) == 0 ? 0 : 1)
            guard w >= 1 << 63, w < 10_000_000_000_000_000_000 else { continue }
            return placed(String(w), shift: -k, &rng)
        }
    }

    /// Bits of `Double(text)`, the route case files used before, or nil.
    static func expected(_ text: String) -> UInt64? { Double(text)?.bitPattern }

    // MARK: properties

    @Test("every awkward number: JSONNumber's double is Double(String)'s, bit for bit (property)")
    func conversionIsStrtod() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            for _ in 0..<200 {
                let text = Self.awkwardNumber(&rng)
                let converted = JSONNumber.double(ArraySlice(text.utf8))
                #expect(converted?.bitPattern == Self.expected(text),
                        "seed \(seed): \(text) → \(String(describing: converted)), Double(String) gives \(String(describing: Double(text)))")
                // The same number through the parser, as a whole document: valid JSON, same text, same bits.
                guard case .number(let parsed)? = try? JSONParser.parse(text, numbers: JSONNumber.self) else {
                    Issue.record("seed \(seed): \(text) is not parsed as one JSON number"); continue
                }
                #expect(parsed.text == text && parsed.value?.bitPattern == Self.expected(text), "seed \(seed): \(text)")
            }
        }
    }

    /// A case file with awkward numbers in z and W_r, random white space, and (when `bad`)
    /// one overflowing literal; returns the text and where the literal went.
    static func awkwardCase(_ rng: inout Xoshiro256StarStar, n: Int, bad: (row: Int?, column: Int, text: String)?) -> String {
        func finite() -> String {
            while true {
                let text = awkwardNumber(&rng)
                if Double(text)?.isFinite == true { return text }
            }
        }
        func space() -> String { ["", " ", "\n", "  \n\t", "\r\n"][rng.nextIndex(below: 5)] }
        func entry(_ row: Int?, _ column: Int) -> String {
            if let bad, bad.row == row, bad.column == column { return bad.text }
            return finite()
        }
        func array(_ row: Int?) -> String {
            "[" + space() + (0..<n).map { j in entry(row, j) + space() }.joined(separator: "," + space()) + "]"
        }
        let matrix = "[" + (0..<n).map { i in space() + array(i) }.joined(separator: ",") + space() + "]"
        return "{" + space() + "\"n\": \(n), \"b\": 1, \"b0\": 1, \"sigma\": 0.1, \"tau_y\": 0.002, \"tau_a\": 0.002,"
            + space() + "\"z\":" + space() + array(nil) + "," + space() + "\"W_r\": " + matrix + space() + "}"
    }

    /// The new tree equals the old one: same shape, same keys and strings, and each number's
    /// text as the old tree kept it, with `Double(text)`'s bits as its value.
    static func sameTree(_ new: JSONTree<JSONNumber>, _ old: JSONValue) -> Bool {
        switch (new, old) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && sameTree($0.value, $1.value) }
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { sameTree($0, $1) }
        case let (.number(a), .number(b)): return a.text == b && a.value?.bitPattern == Double(b)?.bitPattern
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    @Test("a generated case file: the parse tree, the decoded z and W_r, and an overflow's error are the old route's (property)")
    func wholeCaseFileIsTheOldRoute() async throws {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let overflow = rng.nextIndex(below: 4) == 0
                ? (row: rng.nextIndex(below: 2) == 0 ? nil : rng.nextIndex(below: n), column: rng.nextIndex(below: n),
                   text: ["1e400", "-1E309", "1.7976931348623159e308", "-123456789012345678901234567890e300"][rng.nextIndex(below: 4)])
                : nil
            let text = Self.awkwardCase(&rng, n: n, bad: overflow)
            let old = try JSONParser.parse(text)
            #expect(Self.sameTree(try JSONParser.parse(text, numbers: JSONNumber.self), old), "seed \(seed): the trees differ")

            // The old route: the text of each number through Double(String).
            guard case .object(let members) = old, case .array(let zTexts)? = members.first(where: { $0.key == "z" })?.value,
                  case .array(let rows)? = members.first(where: { $0.key == "W_r" })?.value else {
                Issue.record("seed \(seed): generated case has no z or W_r"); return
            }
            func bits(_ value: JSONValue) -> UInt64? { if case .number(let t) = value { Double(t)?.bitPattern } else { nil } }
            if let overflow {
                let expected: CaseFileError = overflow.row.map { .nonFinite(key: "W_r[\($0)]", index: overflow.column, text: overflow.text) }
                    ?? .nonFinite(key: "z", index: overflow.column, text: overflow.text)
                #expect(throws: expected, "seed \(seed)") { try CaseFile.decode(text) }
                return
            }
            let circuit = try CaseFile.decode(text)
            #expect(circuit.input.map(\.bitPattern) == zTexts.map(bits), "seed \(seed): z")
            guard case .dense(let matrix) = circuit.recurrentWeights else { Issue.record("seed \(seed): W_r not dense"); return }
            for (i, row) in rows.enumerated() {
                guard case .array(let entries) = row else { Issue.record("seed \(seed): row \(i)"); continue }
                #expect((0..<n).map { matrix[i, $0].bitPattern } == entries.map(bits), "seed \(seed): W_r[\(i)]")
            }
        }
    }

    // MARK: examples

    @Test("numbers at the fast paths' edges and the double range's ends")
    func edges() {
        for text in ["0", "-0", "-0.0", "0e999", "-0E-999", "9007199254740992", "9007199254740993", "-9007199254740993e22",
                     "9007199254740993e-22", "4503599627370496.5", "4503599627370497.5", "1e22", "1e23", "1e-22", "1e-23",
                     "9999999999999999999e27", "9999999999999999999e-27", "1e28", "1e-28", "18446744073709551615",
                     "0.1", "0.2", "0.3", "123456789012345678", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                     "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "-1e400", "1e-400",
                     "0.00000000000000000000000000012345", "12345678901234567890123456789e-10"] {
            #expect(JSONNumber.double(ArraySlice(text.utf8))?.bitPattern == Self.expected(text), "\(text)")
        }
        #expect(JSONNumber.double(ArraySlice("-0".utf8))?.sign == .minus)
        #expect(JSONNumber.double(ArraySlice("1e400".utf8)) == .infinity)  // what Double(String) gives; case files refuse it
    }

    @Test("a number's text is kept exactly on both sides of the 31-byte in-place limit, and equality is equality of texts")
    func textKeptAtTheInlineLimit() throws {
        let texts = ["1", "-0.0", String(repeating: "1", count: 30), String(repeating: "7", count: 31),
                     String(repeating: "7", count: 32), "-" + String(repeating: "9", count: 40) + "e-3"]
        for text in texts {
            guard case .array(let numbers) = try JSONParser.parse("[\(text), \(text)]", numbers: JSONNumber.self),
                  numbers.count == 2, case .number(let first) = numbers[0], case .number(let second) = numbers[1] else {
                Issue.record("\(text): not an array of two numbers"); continue
            }
            #expect(first.text == text, "\(text.count) bytes: the text as written")
            #expect(first == second, "\(text.count) bytes: the same text, equal")
            #expect(first.value?.bitPattern == Double(text)?.bitPattern, "\(text.count) bytes: the value")
        }
        guard case .array(let pair) = try JSONParser.parse("[1, 1.0]", numbers: JSONNumber.self), pair.count == 2 else {
            Issue.record("[1, 1.0]"); return
        }
        #expect(pair[0] != pair[1], "1 and 1.0 are different texts")
    }

    @Test("a malformed number fails both routes at the same place with the same words")
    func syntaxErrorsUnchanged() {
        let cases: [(text: String, line: Int, column: Int, reason: String)] = [
            ("[1, -]", 1, 6, "expected digits"),
            ("[01]", 1, 3, "leading zeros are not allowed"),
            ("[-01]", 1, 4, "leading zeros are not allowed"),
            ("[1.]", 1, 4, "expected digits after the decimal point"),
            ("[1e]", 1, 4, "expected digits in the exponent"),
            ("[1E+]", 1, 5, "expected digits in the exponent"),
            ("[.5]", 1, 2, "unexpected character '.'"),
            ("[+1]", 1, 2, "unexpected character '+'"),
            ("[1.5.3]", 1, 5, "expected ',' or ']' in array"),
            ("[NaN]", 1, 2, "NaN and Infinity are not JSON numbers"),
            ("[-Infinity]", 1, 3, "expected digits"),
            ("{\n \"z\": [1,\n  2.5e-]}", 3, 8, "expected digits in the exponent"),
        ]
        for (text, line, column, reason) in cases {
            let expected = JSONSyntaxError(line: line, column: column, reason: reason)
            #expect(throws: expected, "\(text)") { try JSONParser.parse(text) }
            #expect(throws: expected, "\(text)") { try JSONParser.parse(text, numbers: JSONNumber.self) }
        }
    }
}
