#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RandomNumberGenerator {
    /// Uniform on [0, 1) with 53 random bits: (next() >> 11) · 2⁻⁵³. Platform-independent.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1]: never 0, safe under log.
    public mutating func nextOpenUnitInterval() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// Uniform on [lower, upper).
    public mutating func nextUniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnitInterval()
    }

    /// Standard normal by the Box–Muller transform (one draw per call, two uniforms used):
    /// √(−2 ln u₁) cos(2π u₂). Deterministic given the stream; uses libm's log and cos.
    public mutating func nextGaussian() -> Double {
        let u1 = nextOpenUnitInterval(), u2 = nextUnitInterval()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// log-uniform on [lower, upper] (both > 0): exp(uniform(ln lower, ln upper)).
    public mutating func nextLogUniform(_ lower: Double, _ upper: Double) -> Double {
        exp(nextUniform(log(lower), log(upper)))
    }

    /// Bernoulli(p).
    public mutating func nextBernoulli(_ probability: Double) -> Bool {
        nextUnitInterval() < probability
    }

    /// Uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift with rejection,
    /// so the result is the same on every platform (unlike `Int.random(in:using:)`, whose
    /// algorithm is not guaranteed across Swift versions).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let range = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: range)
            if product.low >= (0 &- range) % range { return Int(product.high) }
        }
    }
}
