import BigInt

/// An exact rational number p/q over arbitrary-precision integers.
///
/// Invariants (checked by `checkInvariants()` in debug builds): the fraction is reduced,
/// gcd(|p|, q) = 1, and the denominator is positive; zero is 0/1. Equality is therefore
/// structural. Every operation is exact; no `Double` is ever produced except by the
/// explicit, documented `doubleApproximation`.
///
/// Division by zero is not representable: `init(_:_:)` and `/` return `nil` or trap only
/// on our own invariants; input parsing (`init?(parsing:)`) refuses a zero denominator.
public struct Rational: Sendable, Hashable {
    /// Numerator p (any sign).
    public let numerator: BigInt
    /// Denominator q > 0.
    public let denominator: BigInt

    /// p/q reduced; `nil` when q = 0.
    public init?(_ numerator: BigInt, _ denominator: BigInt) {
        guard !denominator.isZero else { return nil }
        self.init(unchecked: numerator, denominator)
    }

    /// p/q reduced; the caller guarantees q ≠ 0.
    init(unchecked numerator: BigInt, _ denominator: BigInt) {
        precondition(!denominator.isZero, "Rational: zero denominator (internal invariant)")
        let divisor = BigInt(numerator.magnitude.greatestCommonDivisor(with: denominator.magnitude))
        var p = numerator, q = denominator
        if divisor > 1 { p /= divisor; q /= divisor }
        if q.sign == .minus { p = -p; q = -q }
        self.numerator = p
        self.denominator = q
    }

    /// The integer n as n/1.
    public init(_ integer: BigInt) {
        numerator = integer
        denominator = 1
    }

    /// The integer n as n/1.
    public init(_ integer: Int) {
        self.init(BigInt(integer))
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// The exact value of a finite double (every finite double is a dyadic rational
    /// m·2^e); `nil` for NaN and ±Inf.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 { self = .zero; return }
        let exponent = Int(value.exponent) - Double.significandBitCount
        let significand = BigInt(value.significandBitPattern | (value.isNormal ? (1 << UInt64(Double.significandBitCount)) : 0))
        let signed = value.sign == .minus ? -significand : significand
        let shiftExponent = value.isNormal ? exponent : Int(Double.leastNormalMagnitude.exponent) - Double.significandBitCount
        if shiftExponent >= 0 {
            self.init(signed << shiftExponent)
        } else {
            self.init(unchecked: signed, BigInt(1) << (-shiftExponent))
        }
    }

    /// -1, 0 or +1.
    public var signum: Int {
        numerator.isZero ? 0 : (numerator.sign == .minus ? -1 : 1)
    }

    public var isZero: Bool { numerator.isZero }
    public var isInteger: Bool { denominator == 1 }

    /// Magnitude |p/q|.
    public var magnitude: Rational { Rational(unchecked: BigInt(numerator.magnitude), denominator) }

    /// 1/(p/q); `nil` for zero.
    public var reciprocal: Rational? { Rational(denominator, numerator) }

    /// A double near p/q, for display and for comparison with the floating-point pipeline
    /// only. Exact whenever p/q is itself a double (including subnormals): the quotient
    /// ⌊|p|·2^k / q⌋ is taken with at least 65 bits (a sticky bit records a nonzero
    /// remainder) and scaled by 2^-k with `Double(sign:exponent:significand:)`, which is
    /// exact for representable results. Otherwise within one ulp (two roundings).
    public var doubleApproximation: Double {
        guard !numerator.isZero else { return 0 }
        let p = numerator.magnitude, q = denominator.magnitude
        let shift = max(0, 66 - (p.bitWidth - q.bitWidth))
        let (quotient, remainder) = (p << shift).quotientAndRemainder(dividingBy: q)
        let sticky = remainder.isZero ? quotient : (quotient | 1)
        let magnitude = Double(sign: .plus, exponent: -shift, significand: Double(sticky))
        return numerator.sign == .minus ? -magnitude : magnitude
    }

    /// Debug-only check of the invariants (reduced, denominator positive).
    public func checkInvariants() {
        #if DEBUG
        assert(denominator.sign == .plus && !denominator.isZero)
        assert(numerator.magnitude.greatestCommonDivisor(with: denominator.magnitude) == 1 || numerator.isZero && denominator == 1)
        #endif
    }
}
