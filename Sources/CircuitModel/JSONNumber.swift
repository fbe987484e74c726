/// How a parse tree keeps a number, made from the number's UTF-8 text (already checked to
/// be RFC 8259 number syntax: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`). The bytes are
/// the parsed document's, valid only during the call: a representation copies what it keeps.
protocol JSONNumberRepresentation {
    init(jsonText: Slice<UnsafeBufferPointer<UInt8>>)
}

extension String: JSONNumberRepresentation {
    init(jsonText: Slice<UnsafeBufferPointer<UInt8>>) { self.init(decoding: jsonText, as: UTF8.self) }
}

/// A JSON number as case files read it: its double, converted once straight from the UTF-8
/// bytes, and its text as written (for messages and for `n`). The text is kept in place when it
/// has at most 31 bytes (every double's shortest decimal form has at most 24): reading a case
/// with an n × n matrix then costs no allocation and no reference count per entry.
struct JSONNumber: JSONNumberRepresentation, CustomStringConvertible, Equatable, Sendable {
    /// `Double(text)`, bit for bit (±∞ for a literal beyond the double range, as `Double(String)` gives).
    let value: Double?
    private let literal: Literal

    /// The text: bytes 0…30 of `storage` with the count in byte 31, or (longer) a `String`.
    private enum Literal: Equatable, Sendable {
        case inline(SIMD4<UInt64>)
        case long(String)
    }

    init(jsonText: Slice<UnsafeBufferPointer<UInt8>>) {
        value = JSONNumber.double(jsonText)
        let count = jsonText.count
        guard count <= 31 else { literal = .long(String(decoding: jsonText, as: UTF8.self)); return }
        var storage = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &storage) { bytes in
            bytes.copyBytes(from: jsonText)
            bytes[31] = UInt8(count)
        }
        literal = .inline(storage)
    }

    /// The number exactly as written.
    var text: String {
        switch literal {
        case .long(let text): return text
        case .inline(let storage):
            return withUnsafeBytes(of: storage) { bytes in String(decoding: bytes.prefix(Int(bytes[31])), as: UTF8.self) }
        }
    }
    var description: String { text }

    /// Equal texts (the same number written differently, `1` and `1.0`, are not equal).
    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.literal == rhs.literal }
}

extension JSONNumber {
    /// `Double(String(decoding: text, as: UTF8.self))`, bit for bit, for the text of a JSON
    /// number; without the `String` and without `strtod` when exactness is easy to prove.
    ///
    /// The text is read as ±w · 10^e with w the significant decimal digits (leading zeros
    /// dropped). Then, rounding to nearest with ties to even:
    /// - w = 0 is ±0 exactly, whatever e;
    /// - w ≤ 2⁵³ and |e| ≤ 22 (Clinger's fast path): w and 10^|e| = 2^|e| · 5^|e| (5²² < 2⁵³)
    ///   are both exact doubles, so the one IEEE product w · 10^e or quotient w / 10^|e| is
    ///   the correctly rounded value of the exact one;
    /// - at most 19 digits (w < 10¹⁹ < 2⁶⁴) and |e| ≤ 27: `exactlyRounded`, in integers;
    /// - anything else (20 or more digits, trailing zeros included; |e| > 27, where overflow,
    ///   underflow and subnormals are) goes to `Double(String)` itself, as every number did.
    /// Rounding is symmetric, so the sign is applied last (−0 for "-0").
    static func double<Text: RandomAccessCollection<UInt8>>(_ text: Text) -> Double? where Text.Index == Int {
        var i = text.startIndex
        let end = text.endIndex
        let negative = text[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var significand: UInt64 = 0, digitCount = 0, exponent = 0
        /// Appends a run of digits to the significand (wrapping past 19 digits: refused below).
        func readDigits(_ i: inout Int) -> Int {
            let first = i
            while i < end, case let digit = text[i] &- UInt8(ascii: "0"), digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                i += 1
            }
            return i - first
        }
        // The integer part is "0" or starts with 1-9 (JSON has no other leading zeros).
        if text[i] == UInt8(ascii: "0") { i += 1 } else { digitCount = readDigits(&i) }
        if i < end, text[i] == UInt8(ascii: ".") {
            i += 1
            if significand == 0 {  // 0.000ddd: the zeros only scale
                while i < end, text[i] == UInt8(ascii: "0") { i += 1; exponent -= 1 }
            }
            let fractionDigits = readDigits(&i)
            digitCount += fractionDigits
            exponent -= fractionDigits
        }
        if i < end {  // "e" or "E"
            i += 1
            let negativeExponent = text[i] == UInt8(ascii: "-")
            if negativeExponent || text[i] == UInt8(ascii: "+") { i += 1 }
            var written = 0
            while i < end {
                written = written * 10 + Int(text[i] &- UInt8(ascii: "0"))
                if written > 100_000 { return fallback(text) }  // far outside every fast path
                i += 1
            }
            exponent += negativeExponent ? -written : written
        }
        let magnitude: Double
        if digitCount == 0 {  // every digit was a zero
            magnitude = 0
        } else if digitCount <= 19, significand <= 1 << 53, abs(exponent) <= 22 {
            magnitude = exponent >= 0 ? Double(significand) * powersOfTen[exponent] : Double(significand) / powersOfTen[-exponent]
        } else if digitCount <= 19, abs(exponent) <= 27 {
            magnitude = exactlyRounded(significand, timesTenToThe: exponent)
        } else {
            return fallback(text)
        }
        return negative ? -magnitude : magnitude
    }

    /// The conversion every number went through before: `Double(String)` (strtod, correctly rounded).
    static func fallback(_ text: some Collection<UInt8>) -> Double? { Double(String(decoding: text, as: UTF8.self)) }

    /// 10⁰ … 10²², every one an exact double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 5⁰ … 5²⁷ (5²⁷ = 7 450 580 596 923 828 125 < 2⁶³).
    private static let powersOfFive: [UInt64] = (0...27).map { k in (0..<k).reduce(1) { power, _ in power * 5 } }

    /// w · 10^e correctly rounded, for 1 ≤ w < 2⁶⁴ and |e| ≤ 27, in exact integer arithmetic:
    /// 10^e = 5^e · 2^e and p = 5^|e| < 2⁶³, so
    /// - e ≥ 0: w · p is an exact 128-bit product N, and w · 10^e = N · 2^e;
    /// - e < 0: w · 10^e = (w / p) · 2^e, and the 128/64-bit division of w · 2^t by p (t chosen
    ///   so that the quotient q has 63 or 64 bits and cannot overflow) gives w · 2^t / p = q + f
    ///   with 0 ≤ f < 1, f > 0 exactly when the remainder is not 0.
    /// Either way the value is (q + f) · 2^b with q of at most 64 bits, which `rounded` rounds.
    /// The result lies in [10⁻²⁷, 2⁶⁴ · 10²⁷]: a normal double, never a subnormal or ∞.
    static func exactlyRounded(_ w: UInt64, timesTenToThe e: Int) -> Double {
        let p = powersOfFive[abs(e)]
        if e >= 0 {
            let (high, low) = w.multipliedFullWidth(by: p)
            if high == 0 { return rounded(low, inexact: false, timesTwoToThe: e) }
            let dropped = 64 - high.leadingZeroBitCount  // keep N's top 64 bits, the rest is f
            return rounded(high << (64 - dropped) | low >> dropped, inexact: low << (64 - dropped) != 0,
                           timesTwoToThe: e + dropped)
        }
        // bit lengths: w · 2^t < 2^(bitLength(p) + 63) ≤ p · 2⁶⁴ (no overflow) and q ≥ 2⁶².
        let t = (64 - p.leadingZeroBitCount) + 63 - (64 - w.leadingZeroBitCount)
        let shifted = (high: t >= 64 ? w << (t - 64) : w >> (64 - t), low: t >= 64 ? 0 : w << t)
        let (q, remainder) = p.dividingFullWidth(shifted)
        return rounded(q, inexact: remainder != 0, timesTwoToThe: e - t)
    }

    /// (q + f) · 2^b rounded to the nearest double, ties to even, where 0 ≤ f < 1 and
    /// `inexact` says f > 0 (only possible when q has more than 53 bits). The 53 leading bits
    /// of q are kept; the dropped bits and f decide: above half up, below half down, exactly
    /// half (f = 0) to the even neighbour. The caller keeps the result a normal double.
    static func rounded(_ q: UInt64, inexact: Bool, timesTwoToThe b: Int) -> Double {
        let excess = (64 - q.leadingZeroBitCount) - 53
        guard excess > 0 else { return Double(sign: .plus, exponent: b, significand: Double(q)) }  // exact
        var kept = q >> excess
        let dropped = q & ((1 << excess) - 1), half: UInt64 = 1 << (excess - 1)
        if dropped > half || (dropped == half && (inexact || kept & 1 == 1)) { kept += 1 }
        return Double(sign: .plus, exponent: b + excess, significand: Double(kept))  // kept ≤ 2⁵³: exact
    }
}
