/// The cells of a sweep and their indices.
///
/// A cell is (size index s, trial t, input-norm index z, delta index d); with S = the number
/// of sizes n, T = trials, Z = input_norm.count and D = delta.count its index is
///
///     cell = ((s · T + t) · Z + z) · D + d,
///
/// so one size's cells are contiguous (a one-size sweep has s = 0 throughout), then one
/// trial's, and within a trial one ‖z‖'s δ values. A *unit* (s, t, z), index
/// (s · T + t) · Z + z, is the work item: its D cells are solved in increasing δ, each
/// continued from the previous one's fixed point. `cellIndex`, `coordinates` and `unit`
/// work within one size (s = 0, the size slice `SweepConfig.slice` gives each size).
public struct SweepGrid: Sendable, Equatable {
    public let trials: Int
    public let inputNorms: [Double]
    public let deltas: [Double]
    /// The sizes n, in config order.
    public let sizes: [Int]

    public init(_ config: SweepConfig) {
        trials = config.trials
        inputNorms = config.inputNorm.values
        deltas = config.delta.values
        sizes = config.neuronCounts
    }

    public var cellsPerSize: Int { trials * inputNorms.count * deltas.count }
    public var unitsPerSize: Int { trials * inputNorms.count }
    public var cellCount: Int { sizes.count * cellsPerSize }
    public var unitCount: Int { sizes.count * unitsPerSize }

    /// (size index, cell index within that size) of a cell index in 0..<cellCount.
    public func sizeSlice(ofCell cell: Int) -> (sizeIndex: Int, cell: Int) { (cell / cellsPerSize, cell % cellsPerSize) }

    /// (size index, unit index within that size) of a unit index in 0..<unitCount.
    public func sizeSlice(ofUnit unit: Int) -> (sizeIndex: Int, unit: Int) { (unit / unitsPerSize, unit % unitsPerSize) }

    public func cellIndex(trial: Int, inputNormIndex: Int, deltaIndex: Int) -> Int {
        (trial * inputNorms.count + inputNormIndex) * deltas.count + deltaIndex
    }

    /// (trial, input-norm index, delta index) of a cell index in 0..<cellCount.
    public func coordinates(ofCell cell: Int) -> (trial: Int, inputNormIndex: Int, deltaIndex: Int) {
        let unit = cell / deltas.count
        return (unit / inputNorms.count, unit % inputNorms.count, cell % deltas.count)
    }

    /// (trial, input-norm index) of a unit index.
    public func unit(_ unit: Int) -> (trial: Int, inputNormIndex: Int) {
        (unit / inputNorms.count, unit % inputNorms.count)
    }

    /// The units a shard runs: those whose trial ≡ `shard.index` (mod `shard.count`), at every size.
    public func units(in shard: Shard) -> [Int] {
        (0..<unitCount).filter { unit(sizeSlice(ofUnit: $0).unit).trial % shard.count == shard.index }
    }
}

/// Shard i of k (`--shard i/k`, 0 ≤ i < k): the trials t with t mod k = i.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int
    public static let whole = Shard(validIndex: 0, count: 1)

    private init(validIndex: Int, count: Int) { index = validIndex; self.count = count }

    /// Parses "i/k"; nil unless 0 ≤ i < k.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]), k >= 1, i >= 0, i < k else { return nil }
        index = i; count = k
    }

    public var description: String { "\(index)/\(count)" }
}
