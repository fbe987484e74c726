/// A Poincaré section x_k = level, crossed upward (x_k' > 0 side).
struct PoincareSection: Sendable {
    let coordinate: Int
    let level: Double

    var event: ODEEvent {
        let k = coordinate, level = level
        return ODEEvent(direction: .rising) { _, x in x[k] - level }
    }
}

/// A return map that looks periodic, to be confirmed by `MonodromyMatrix`.
struct LimitCycleCandidate {
    let section: PoincareSection
    /// The last section point and the last return time.
    let sectionPoint: [Double]
    let period: Double
}

/// Chooses the section and watches the return map converge.
///
/// The section goes through the mean of the coordinate with the largest range over the
/// second half of a chunk (or `AttractorOptions.sectionCoordinate`): on an oscillation
/// every coordinate crosses its mean twice per period, once upward. It is kept while
/// crossings keep coming and re-chosen after two chunks without one. Convergence: the
/// last `requiredReturns` periods T_i = t_{i+1} − t_i agree with the last to
/// `periodTolerance` (relative) and successive section points to `returnTolerance` ×
/// amplitude (∞-norm), amplitude = half the range of x_k over the chunk.
struct PoincareReturns {
    let options: AttractorOptions
    private(set) var section: PoincareSection?
    private var crossings: [ODEEventOccurrence] = []
    private var chunksWithoutCrossing = 0

    init(options: AttractorOptions) {
        self.options = options
    }

    mutating func update(crossings new: [ODEEventOccurrence], states: [[Double]]) -> LimitCycleCandidate? {
        if section != nil {
            crossings += new
            chunksWithoutCrossing = new.isEmpty ? chunksWithoutCrossing + 1 : 0
            if chunksWithoutCrossing >= 2 { section = nil }
        }
        let half = states.suffix(max(1, states.count / 2))
        guard let dimension = half.first?.count, dimension > 0 else { return nil }
        func range(_ k: Int) -> (low: Double, high: Double) {
            var low = Double.infinity, high = -Double.infinity
            for state in half { low = min(low, state[k]); high = max(high, state[k]) }
            return (low, high)
        }
        let scale = max(1, maximumNorm(half.last ?? []))
        if section == nil {
            crossings = []
            chunksWithoutCrossing = 0
            let k = options.sectionCoordinate ?? (0..<dimension).max { range($0).high - range($0).low
                < range($1).high - range($1).low } ?? 0
            let (low, high) = range(k)
            guard (high - low) / 2 >= options.minimumAmplitude * scale else { return nil }
            let mean = half.reduce(0) { $0 + $1[k] } / Double(half.count)
            section = PoincareSection(coordinate: k, level: mean)
            return nil
        }
        guard let section, crossings.count > options.requiredReturns else { return nil }
        let (low, high) = range(section.coordinate)
        let amplitude = (high - low) / 2
        guard amplitude >= options.minimumAmplitude * scale else { return nil }
        let recent = Array(crossings.suffix(options.requiredReturns + 1))
        let periods = zip(recent.dropFirst(), recent).map { $0.time - $1.time }
        guard let period = periods.last, period > 0 else { return nil }
        for other in periods where !(abs(other - period) <= options.periodTolerance * period) { return nil }
        for (next, previous) in zip(recent.dropFirst(), recent) {
            let distance = maximumNorm(zip(next.state, previous.state).map { $0 - $1 })
            if !(distance <= options.returnTolerance * amplitude) { return nil }
        }
        crossings = Array(crossings.suffix(options.requiredReturns + 1))
        return LimitCycleCandidate(section: section, sectionPoint: recent[recent.count - 1].state, period: period)
    }
}
