import CircuitModel
import Randomness

/// A finite-size sweep (config `n` a list) is one sweep per size, each a *slice*: the same
/// config with n = that size alone, the same grid and trials, and its own master seed, so
/// that cells of different sizes are independent draws and a one-size sweep is unchanged.
///
/// Seeds: slice s uses master m_s = m for s = 0 and m_s = SplitMix64.derivedSeed(master: m,
/// index: 2⁶³ + s) for s ≥ 1; trial t of slice s is then drawn from
/// SplitMix64.derivedSeed(master: m_s, index: t) as in any sweep (`TrialDraw.trialSeed`).
/// Cell indices are global (`SweepGrid`): slice s holds cells s·C … (s + 1)·C − 1, C the
/// cells per size.
extension SweepConfig {
    /// This config with n = neuronCounts[sizeIndex] alone.
    public func slice(_ sizeIndex: Int) -> SweepConfig {
        var slice = self
        slice.neuronCount = neuronCounts[sizeIndex]
        return slice
    }

    /// The master seed of size slice `sizeIndex` (see the extension's comment).
    public static func sliceMaster(_ master: UInt64, sizeIndex: Int) -> UInt64 {
        sizeIndex == 0 ? master : SplitMix64.derivedSeed(master: master, index: (1 << 63) + UInt64(sizeIndex))
    }
}

extension SweepUnit {
    /// The circuit of global cell `cell` of a (possibly multi-size) sweep, exactly as the
    /// sweep builds it (`--emit-case`).
    public static func circuit(config: SweepConfig, master: UInt64, cell: Int) throws -> Circuit {
        let (sizeIndex, local) = SweepGrid(config).sizeSlice(ofCell: cell)
        return try SweepUnit(config: config.slice(sizeIndex), master: SweepConfig.sliceMaster(master, sizeIndex: sizeIndex))
            .circuit(ofCell: local)
    }
}
