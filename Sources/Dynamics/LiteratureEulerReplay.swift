/// The literature's simulation method, replayed to show what it would report (shared method
/// of the published sweeps; sweeps/README.md "literature replay"). Not an error-controlled
/// integration: explicit Euler shifts Re λ of an oscillatory mode by ≈ ω² dt/2, turning
/// lightly damped foci into growing oscillations (proofs/attractors.md §A.5).
///
/// Method: x_{k+1} = x_k + dt f(x_k), dt = 0.05 τ_min, in chunks of 100 τ_max, at most 20
/// chunks. After each step: `divergent` if x is non-finite or ‖x‖∞ > 1e10. After each chunk:
/// `fixedPoint` when every per-step change ‖x_{k+1} − x_k‖∞ over the last half of the chunk is
/// < 1e-6; else `limitCycle` ("periodic") when the extrema of ‖y‖₂ over the last half (at least
/// 4 maxima, each followed by a minimum) recur with relative spread of the periods (between
/// maxima) < 1e-2 and of the amplitudes (maximum − following minimum) < 1e-2, the amplitudes
/// being above 1e-6 · max ‖y‖ (rounding-level wiggles of a state at rest are not cycles);
/// otherwise the next chunk. After 20 chunks: `undecided` (no verdict).
public struct LiteratureEulerReplay: Sendable {
    public var stepFraction = 0.05
    public var chunkLength = 100.0
    public var maximumChunks = 20
    public var divergenceBound = 1e10
    public var changeThreshold = 1e-6
    public var periodSpread = 1e-2
    public var amplitudeSpread = 1e-2
    public var minimumExtrema = 4

    public init() {}

    /// What the replay reports.
    public struct Verdict: Sendable {
        public let kind: AttractorKind
        public let finalTime: Double
        public let finalState: [Double]
        /// Mean distance between maxima of ‖y‖ (time unit of f), for `limitCycle`.
        public let period: Double?
        public let steps: Int
        public let reason: String
    }

    /// Replays from `start`; `yCount` leading components form y (‖y‖ is their 2-norm);
    /// `fastestTimeScale` τ_min gives dt, `slowestTimeScale` τ_max the chunk length.
    public func replay(vectorField: VectorField, start: [Double], yCount: Int, fastestTimeScale: Double,
                       slowestTimeScale: Double) -> Verdict {
        let m = start.count
        let dt = stepFraction * fastestTimeScale
        let stepsPerChunk = max(2, Int((chunkLength * slowestTimeScale / dt).rounded(.up)))
        let half = stepsPerChunk / 2
        var x = start
        var derivative = [Double](repeating: 0, count: m)
        var steps = 0
        var norms = [Double](repeating: 0, count: stepsPerChunk - half)
        for chunk in 0..<maximumChunks {
            var largestChange = 0.0
            for k in 0..<stepsPerChunk {
                vectorField(0, x, &derivative)
                var change = 0.0, size = 0.0
                var finite = true
                for i in 0..<m {
                    let step = dt * derivative[i]
                    x[i] += step
                    if !x[i].isFinite { finite = false }
                    change = max(change, abs(step))
                    size = max(size, abs(x[i]))
                }
                steps += 1
                let time = Double(steps) * dt
                if !finite || !(size <= divergenceBound) {
                    return Verdict(kind: .divergent, finalTime: time, finalState: x, period: nil, steps: steps,
                                   reason: finite ? "‖x‖∞ exceeded \(divergenceBound) at t = \(time)"
                                       : "the state became non-finite at t = \(time)")
                }
                if k >= half {
                    largestChange = max(largestChange, change)
                    var normY = 0.0
                    for i in 0..<min(yCount, m) { normY += x[i] * x[i] }
                    norms[k - half] = normY.squareRoot()
                }
            }
            let time = Double(steps) * dt
            if largestChange < changeThreshold {
                return Verdict(kind: .fixedPoint, finalTime: time, finalState: x, period: nil, steps: steps,
                               reason: "every per-step change over the last half of chunk \(chunk + 1) < \(changeThreshold)")
            }
            if let period = periodicity(norms, dt: dt) {
                return Verdict(kind: .limitCycle, finalTime: time, finalState: x, period: period, steps: steps,
                               reason: "maxima of ‖y‖ recur regularly in chunk \(chunk + 1) (period \(period))")
            }
        }
        return Verdict(kind: .undecided, finalTime: Double(steps) * dt, finalState: x, period: nil, steps: steps,
                       reason: "no verdict after \(maximumChunks) chunks of \(chunkLength) τ_max")
    }

    /// The mean period when the local maxima of `values` (at least `minimumExtrema`) have
    /// periods and peak values each within the relative spreads; nil otherwise.
    func periodicity(_ values: [Double], dt: Double) -> Double? {
        guard values.count >= 3 else { return nil }
        // Alternating extrema: a maximum, then the minimum that follows it.
        var cycles: [(index: Int, amplitude: Double)] = []
        var k = 1
        while k < values.count - 1 {
            if values[k] > values[k - 1] && values[k] >= values[k + 1] {
                var j = k + 1
                while j < values.count - 1 && !(values[j] < values[j - 1] && values[j] <= values[j + 1]) { j += 1 }
                guard j < values.count - 1 else { break }
                cycles.append((k, values[k] - values[j]))
                k = j + 1
            } else {
                k += 1
            }
        }
        guard cycles.count >= minimumExtrema else { return nil }
        let scale = values.max() ?? 0
        let periods = zip(cycles.dropFirst(), cycles).map { Double($0.index - $1.index) * dt }
        let amplitudes = cycles.map(\.amplitude)
        let meanPeriod = periods.reduce(0, +) / Double(periods.count)
        guard let shortest = periods.min(), let longest = periods.max(), meanPeriod > 0,
              let lowest = amplitudes.min(), let highest = amplitudes.max(), lowest > 1e-6 * scale else { return nil }
        guard (longest - shortest) / meanPeriod < periodSpread, (highest - lowest) / highest < amplitudeSpread else {
            return nil
        }
        return meanPeriod
    }
}
