/// The Sturm sequence of a square-free polynomial (proofs/two-dimensional.md eq. (4.9)):
///     p₀ = p,  p₁ = p',  p_{k+1} = -(p_{k-1} mod p_k) / |lc|,  until the remainder vanishes
/// (the positive factor 1/|lc| changes no sign, so the counts are those of the classical chain).
/// With V(x) the number of sign changes in (p₀(x), p₁(x), …) (zeros skipped), Sturm's
/// theorem gives: the number of distinct real roots of p in (a, b] is V(a) - V(b).
///
/// The input is replaced by its square-free part first, so the count is always the number
/// of *distinct* roots, whatever the multiplicities of the polynomial given.
public struct SturmSequence: Sendable {
    /// p₀ (the square-free part of the input), p₁, …, the last a nonzero constant.
    public let chain: [Polynomial]

    /// The sequence of squareFreePart(p); the zero polynomial gives an empty chain
    /// (every count is then 0, which callers must not confuse with "no roots").
    public init(_ polynomial: Polynomial) {
        let squareFree = polynomial.squareFreePart
        guard !squareFree.isZero else { chain = []; return }
        var chain = [squareFree]
        var previous = squareFree, current = squareFree.derivative
        while !current.isZero {
            chain.append(current)
            guard let remainder = previous.remainder(dividingBy: current) else { break }
            previous = current
            // A positive multiple keeps every sign (and so every count) and keeps the
            // coefficients small: divide by the magnitude of the leading coefficient.
            current = -remainder * (remainder.leadingCoefficient.magnitude.reciprocal ?? .one)
        }
        self.chain = chain
        #if DEBUG
        assert(chain.last.map { $0.degree == 0 } ?? true, "Sturm chain must end in a constant")
        #endif
    }

    /// V(x): sign changes of (p₀(x), p₁(x), …), zeros skipped.
    public func signVariations(at x: Rational) -> Int {
        SturmSequence.variations(chain.map { $0.sign(at: x) })
    }

    /// V(-∞) and V(+∞) from the signs of the leading terms.
    public var variationsAtNegativeInfinity: Int { SturmSequence.variations(chain.map(\.signAtNegativeInfinity)) }
    public var variationsAtPositiveInfinity: Int { SturmSequence.variations(chain.map(\.signAtPositiveInfinity)) }

    /// The number of distinct real roots in the half-open interval (lower, upper], lower < upper.
    public func rootCount(in lower: Rational, _ upper: Rational) -> Int {
        signVariations(at: lower) - signVariations(at: upper)
    }

    /// The number of distinct real roots on the whole line.
    public var realRootCount: Int { variationsAtNegativeInfinity - variationsAtPositiveInfinity }

    private static func variations(_ signs: [Int]) -> Int {
        var count = 0, last = 0
        for sign in signs where sign != 0 {
            if last != 0, sign != last { count += 1 }
            last = sign
        }
        return count
    }
}
