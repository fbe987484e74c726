/// Printing a rational to K significant digits (sympy's `evalf(K)` sense): the digits start
/// at the first nonzero one, so −2.0579515870e-11 to 10 digits keeps 10 meaningful digits,
/// where `roundedDecimalString(digits:)` (digits after the point) would print 0.0000000000.
extension Rational {
    /// The decimal exponent e with 10^e ≤ |self| < 10^(e+1) (self ≠ 0).
    public var decimalExponent: Int {
        let magnitude = self.magnitude
        var exponent = String(numerator.magnitude).count - String(denominator.magnitude).count
        while let bound = Rational(10).power(exponent), magnitude < bound { exponent -= 1 }
        while let bound = Rational(10).power(exponent + 1), magnitude >= bound { exponent += 1 }
        return exponent
    }

    /// |self| rounded to `digits` ≥ 1 significant digits (halves away from zero): positional
    /// for exponents −4 ≤ e < digits ("0.001234", "12.34"), scientific otherwise
    /// ("-2.057951587e-11", "1.2e+20"); "0" for zero. The printed value v̂ satisfies
    /// |v̂ − self| ≤ ½·10^(e − digits + 1).
    public func significantDecimalString(digits requested: Int) -> String {
        guard !isZero else { return "0" }
        let digits = max(1, requested)
        var exponent = decimalExponent
        let shift = digits - 1 - exponent
        guard let scale = Rational(10).power(shift) else { return roundedDecimalString(digits: max(0, shift)) }
        var mantissa = (self.magnitude * scale).roundedDecimalString(digits: 0)
        if mantissa.count > digits {            // rounding carried into a new digit: 9.99… → 10.0
            exponent += 1
            mantissa = String(mantissa.dropLast())
        }
        let sign = numerator.sign == .minus ? "-" : ""
        if exponent >= -4 && exponent < digits {
            let places = digits - 1 - exponent
            var text = mantissa
            if places > 0 {
                if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
                text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
            }
            return sign + text
        }
        let head = mantissa.prefix(1), tail = mantissa.dropFirst()
        return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }
}
