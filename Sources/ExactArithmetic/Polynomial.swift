import BigInt

/// A univariate polynomial p(x) = Σ_{i=0}^{n} cᵢ xⁱ with exact rational coefficients.
///
/// Invariant: `coefficients` is stored lowest degree first and has no trailing zero, so
/// the zero polynomial has no coefficients and equality is structural. Every operation is
/// exact; division returns `nil` instead of trapping on a zero divisor.
/// See proofs/two-dimensional.md §4.2 for the algorithms built on this type.
public struct Polynomial: Sendable, Hashable {
    /// c₀, c₁, …, cₙ with cₙ ≠ 0 (empty for the zero polynomial).
    public let coefficients: [Rational]

    /// The polynomial Σ coefficients[i] xⁱ; trailing zeros are dropped.
    public init(coefficients: [Rational]) {
        var trimmed = coefficients
        while let last = trimmed.last, last.isZero { trimmed.removeLast() }
        self.coefficients = trimmed
    }

    /// Integer coefficients, lowest degree first.
    public init(_ integers: [Int]) {
        self.init(coefficients: integers.map { Rational($0) })
    }

    /// The constant polynomial c.
    public init(constant: Rational) {
        self.init(coefficients: [constant])
    }

    /// x - root.
    public init(linearFactorWithRoot root: Rational) {
        self.init(coefficients: [-root, .one])
    }

    /// Π (x - rootᵢ), the monic polynomial with exactly these roots (with multiplicity).
    public init(roots: [Rational]) {
        self = roots.reduce(Polynomial.one) { $0 * Polynomial(linearFactorWithRoot: $1) }
    }

    public static let zero = Polynomial(coefficients: [])
    public static let one = Polynomial(coefficients: [.one])
    /// The monomial x.
    public static let x = Polynomial(coefficients: [.zero, .one])

    public var isZero: Bool { coefficients.isEmpty }

    /// deg p; -1 for the zero polynomial (a convention that keeps comparisons simple).
    public var degree: Int { coefficients.count - 1 }

    /// cₙ, the leading coefficient; 0 for the zero polynomial.
    public var leadingCoefficient: Rational { coefficients.last ?? .zero }

    /// The coefficient of xⁱ (0 beyond the degree).
    public subscript(power: Int) -> Rational {
        power >= 0 && power < coefficients.count ? coefficients[power] : .zero
    }

    /// Sign of p at +∞ (sign of cₙ) and at -∞ (sign of cₙ·(-1)ⁿ); 0 for the zero polynomial.
    public var signAtPositiveInfinity: Int { leadingCoefficient.signum }
    public var signAtNegativeInfinity: Int { degree % 2 == 0 ? leadingCoefficient.signum : -leadingCoefficient.signum }

    /// p'(x) = Σ i cᵢ xⁱ⁻¹.
    public var derivative: Polynomial {
        guard coefficients.count > 1 else { return .zero }
        return Polynomial(coefficients: (1..<coefficients.count).map { Rational($0) * coefficients[$0] })
    }

    /// p / cₙ, the monic associate; the zero polynomial stays zero.
    public var monic: Polynomial {
        guard let inverse = leadingCoefficient.reciprocal else { return .zero }
        return self * inverse
    }

    /// p(x) composed with q: p(q(x)) by Horner's rule.
    public func composed(with inner: Polynomial) -> Polynomial {
        coefficients.reversed().reduce(Polynomial.zero) { $0 * inner + Polynomial(constant: $1) }
    }
}

extension Polynomial: CustomStringConvertible {
    /// "c₀ + c₁·x + …" with exact coefficients, e.g. "-2 + 1·x^2"; "0" for zero.
    public var description: String {
        guard !isZero else { return "0" }
        return coefficients.enumerated().filter { !$0.element.isZero }.map { power, c in
            power == 0 ? "\(c)" : (power == 1 ? "\(c)·x" : "\(c)·x^\(power)")
        }.joined(separator: " + ")
    }
}
