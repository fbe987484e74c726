import ComplexModule
import LinearAlgebra
import RealModule

/// The secular function of an arrowhead matrix (proofs/structure.md eq. 9.14),
///
///     h(λ) = d − λ − Σ_k γ_k / (a_k − λ),
///
/// over strictly ascending poles a_k with weights γ_k ≠ 0, and its m + 1 zeros (the degree of
/// Π_k (a_k − λ) · h(λ)).
struct SecularFunction {
    let poles: [Double]
    let weights: [Double]
    let corner: Double

    /// A zero: a real one in a certified bracket (value ± error), or a polished complex (or
    /// unbracketed real) one whose `error` is |h| plus its rounding bound — a backward error in d.
    struct Zero {
        let value: Complex<Double>
        let error: Double
        let isBracketed: Bool
    }

    /// h(x), h'(x) and a bound on the rounding of h: 2(m + 4)ε(|d| + |x| + Σ|γ_k/(a_k − x)|)
    /// (each term carries ≤ 3ε relative error, the sum ≤ mε of the sum of magnitudes, in whatever
    /// order it is added: here four interleaved partial sums, in SIMD lanes, since finding all
    /// m + 1 zeros costs O(m) evaluations of O(m) divisions each).
    func evaluate(_ x: Double) -> (value: Double, derivative: Double, bound: Double) {
        let m = poles.count
        var sum = SIMD4<Double>(repeating: 0), magnitudes = sum, slope = sum
        var tailSum = 0.0, tailMagnitudes = 0.0, tailSlope = 0.0
        poles.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { g in
                guard let a = a.baseAddress, let g = g.baseAddress else { return }
                let x4 = SIMD4(repeating: x), one = SIMD4<Double>(repeating: 1)
                var k = 0
                while k &+ 4 <= m {
                    let inverse = one / (UnsafeRawPointer(a + k).loadUnaligned(as: SIMD4<Double>.self) - x4)
                    let term = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD4<Double>.self) * inverse
                    sum += term
                    magnitudes += term.replacing(with: -term, where: term .< 0)
                    slope += term * inverse
                    k &+= 4
                }
                while k < m {
                    let inverse = 1 / (a[k] - x)
                    let term = g[k] * inverse
                    tailSum += term
                    tailMagnitudes += abs(term)
                    tailSlope += term * inverse
                    k &+= 1
                }
            }
        }
        let total = sum.sum() + tailSum, size = magnitudes.sum() + tailMagnitudes, derivative = slope.sum() + tailSlope
        let bound = 2 * Double(m + 4) * Double.ulpOfOne * (abs(corner) + abs(x) + size)
        return (corner - x - total, -1 - derivative, bound)
    }

    /// The same at a complex point (|·| for the bound).
    func evaluate(_ z: Complex<Double>) -> (value: Complex<Double>, derivative: Complex<Double>, bound: Double) {
        var sum = Complex<Double>.zero, slope = Complex<Double>.zero, magnitudes = 0.0
        for k in poles.indices {
            let inverse = Complex<Double>(1, 0) / (Complex(poles[k], 0) - z)
            let term = inverse * Complex(weights[k], 0)
            sum = sum + term
            magnitudes += term.length
            slope = slope + term * inverse
        }
        let bound = 2 * Double(poles.count + 4) * Double.ulpOfOne * (abs(corner) + z.length + magnitudes)
        return (Complex(corner, 0) - z - sum, Complex(-1, 0) - slope, bound)
    }

    /// All m + 1 zeros, or nil. `radius` bounds every zero's modulus (e.g. 2‖M'‖_F + 1).
    /// Each interval whose end signs differ — (−R, a_1) when γ_1 > 0, (a_j, a_{j+1}) when γ_j
    /// and γ_{j+1} have the same sign, (a_m, R) when γ_m > 0 — holds a zero, found by
    /// safeguarded Newton on a bracket that only ever moves to points where the sign of h is
    /// outside its rounding bound. If two zeros are left over, their sum comes from the trace
    /// (Σ zeros = Σ a_k + d) and their product from the deflated quadratic
    /// g(μ) = h(μ) Π(a_k − μ)/Π(ρ_i − μ) = (z₁ − μ)(z₂ − μ) at μ = (z₁ + z₂)/2; both are polished
    /// by Newton on h. More than two left over: nil.
    func zeros(radius: Double) -> [Zero]? {
        let m = poles.count
        guard radius.isFinite, radius > 0 else { return nil }
        var found: [Zero] = []
        found.reserveCapacity(m + 1)
        for j in 0...m {
            let leftSign: Double = j == 0 ? 1 : (weights[j - 1] > 0 ? 1 : -1)
            let rightSign: Double = j == m ? -1 : (weights[j] > 0 ? -1 : 1)
            guard leftSign != rightSign else { continue }
            let low = j == 0 ? -radius : poles[j - 1], high = j == m ? radius : poles[j]
            if j == 0 || j == m {
                let end = evaluate(j == 0 ? low : high)
                let expected = j == 0 ? leftSign : rightSign
                guard abs(end.value) > end.bound, (end.value > 0) == (expected > 0) else { return nil }
            }
            guard let zero = bracketedZero(low, high, leftSign: leftSign) else { return nil }
            found.append(zero)
        }
        let remaining = m + 1 - found.count
        if remaining == 0 { return found }
        guard remaining == 2 else { return nil }
        return remainingPair(found).map { found + $0 }
    }

    /// The zero in (low, high) where h has sign `leftSign` just right of low and the opposite just
    /// left of high (rtsafe: Newton inside the bracket, bisection otherwise).
    func bracketedZero(_ low: Double, _ high: Double, leftSign: Double) -> Zero? {
        var low = low, high = high
        var x = 0.5 * (low + high)
        for _ in 0..<300 {
            let (h, slope, bound) = evaluate(x)
            guard h.isFinite, slope.isFinite else { return nil }
            if abs(h) <= bound { return certify(around: x, slope: slope, bound: bound, low: low, high: high, leftSign: leftSign) }
            if (h > 0) == (leftSign > 0) { low = x } else { high = x }
            let width = high - low
            if width <= 4 * Double.ulpOfOne * max(abs(low), abs(high)) || width <= Double.leastNormalMagnitude {
                break
            }
            let newton = x - h / slope
            x = newton > low && newton < high && abs(newton - x) < 0.5 * width ? newton : 0.5 * (low + high)
            if x <= low || x >= high { x = 0.5 * (low + high) }
        }
        return Zero(value: Complex(0.5 * (low + high), 0), error: 0.5 * (high - low), isBracketed: true)
    }

    /// A bracket around x (where |h| is within rounding) with both signs certified, grown from
    /// w = 2·bound/|h'| by doubling; it stays inside the certified (low, high).
    func certify(around x: Double, slope: Double, bound: Double, low: Double, high: Double, leftSign: Double) -> Zero? {
        var low = low, high = high
        var w = max(2 * bound / max(abs(slope), Double.leastNormalMagnitude), 4 * Double.ulpOfOne * abs(x), Double.leastNormalMagnitude)
        var leftDone = false, rightDone = false
        for _ in 0..<200 where !(leftDone && rightDone) {
            if !leftDone {
                let point = x - w
                if point <= low { leftDone = true } else {
                    let (h, _, b) = evaluate(point)
                    if abs(h) > b, (h > 0) == (leftSign > 0) { low = point; leftDone = true }
                }
            }
            if !rightDone {
                let point = x + w
                if point >= high { rightDone = true } else {
                    let (h, _, b) = evaluate(point)
                    if abs(h) > b, (h > 0) != (leftSign > 0) { high = point; rightDone = true }
                }
            }
            w *= 2
        }
        guard low < high else { return nil }
        return Zero(value: Complex(0.5 * (low + high), 0), error: 0.5 * (high - low), isBracketed: true)
    }

    /// The two zeros not bracketed (see `zeros`).
    func remainingPair(_ found: [Zero]) -> [Zero]? {
        let rho = found.map(\.value.real).sorted()
        var sum = corner
        for a in poles { sum += a }
        for r in rho { sum -= r }
        let mu = 0.5 * sum
        var g = evaluate(mu).value
        // Π(a_k − μ)/Π(ρ_i − μ), paired in order (m poles, m − 1 found zeros).
        for k in poles.indices {
            g *= poles[k] - mu
            if k < rho.count { g /= rho[k] - mu }
        }
        guard g.isFinite else { return nil }
        let spread = abs(g).squareRoot()
        if g > 0 {
            // A pair that polished onto the real axis, or next to a zero already found, would be
            // counted twice: refuse it (the trace check would too, unless by coincidence).
            guard let zero = polish(Complex(mu, spread)),
                  abs(zero.value.imaginary) > 1e-8 * zero.value.length,
                  !found.contains(where: { ($0.value - zero.value).length <= 1e-8 * zero.value.length + $0.error }) else { return nil }
            return [zero, Zero(value: zero.value.conjugate, error: zero.error, isBracketed: false)]
        }
        // Two more real zeros: polish each, then bracket it as in `bracketedZero`.
        var pair: [Zero] = []
        for start in [mu - spread, mu + spread] {
            guard let polished = polish(Complex(start, 0)) else { return nil }
            let x = polished.value.real
            let (h, slope, bound) = evaluate(x)
            let below = poles.last { $0 < x } ?? -Double.infinity, above = poles.first { $0 > x } ?? Double.infinity
            guard let zero = certifyUnsigned(around: x, value: h, slope: slope, bound: bound, low: below, high: above) else { return nil }
            // It must be new: its bracket meets no other zero's.
            let others = found + pair
            guard !others.contains(where: { abs($0.value.real - zero.value.real) <= $0.error + zero.error && $0.value.imaginary == 0 }) else {
                return nil
            }
            pair.append(zero)
        }
        return pair
    }

    /// Newton on h from z (≤ 100 steps, until the step is ≤ 4ε|z|); error = |h| + bound.
    func polish(_ start: Complex<Double>) -> Zero? {
        var z = start
        for _ in 0..<100 {
            let (h, slope, _) = evaluate(z)
            guard h.isFinite, slope.isFinite, slope.length > 0 else { return nil }
            let step = h / slope
            z = z - step
            if step.length <= 4 * Double.ulpOfOne * z.length { break }
        }
        let (h, _, bound) = evaluate(z)
        guard h.isFinite, z.isFinite else { return nil }
        return Zero(value: z, error: h.length + bound, isBracketed: false)
    }

    /// A certified sign change around a real x between the poles `low` < x < `high`.
    func certifyUnsigned(around x: Double, value h: Double, slope: Double, bound: Double, low: Double, high: Double) -> Zero? {
        // The sign just left of the zero is the opposite of h' there (a simple zero).
        let leftSign: Double = slope > 0 ? -1 : 1
        return certify(around: x, slope: slope, bound: bound, low: low, high: high, leftSign: leftSign).flatMap { zero in
            // A bracket that reached a pole has an uncertified end.
            guard zero.value.real - zero.error > low, zero.value.real + zero.error < high else { return nil }
            let (hl, _, bl) = evaluate(zero.value.real - zero.error)
            let (hr, _, br) = evaluate(zero.value.real + zero.error)
            return abs(hl) > bl && abs(hr) > br && (hl > 0) != (hr > 0) ? zero : nil
        }
    }
}
