/// SplitMix64 (Steele, Lea & Flood 2014), the integer mixing function used to derive
/// every seed in the toolkit. `mix(_:)` is a bijection on UInt64; the generator adds the
/// golden-ratio increment 0x9E3779B97F4A7C15 and mixes. Identical on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finalizer: z ^= z>>30; z *= 0xBF58476D1CE4E5B9; z ^= z>>27;
    /// z *= 0x94D049BB133111EB; z ^= z>>31.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of item `index` of a job with master seed `master`:
    /// mix(master + (index + 1) · 0x9E3779B97F4A7C15), i.e. the (index+1)-th output of a
    /// SplitMix64 stream started at `master`. Documented so any tool can recompute it.
    public static func derivedSeed(master: UInt64, index: UInt64) -> UInt64 {
        mix(master &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }
}
