import CircuitModel
import ComplexModule
import Dynamics
import Foundation
import LinearAlgebra
import Randomness
import RealModule

/// One work item: trial t at input-norm index z, all δ in increasing order (SweepGrid).
///
/// Per cell: continue the normalization branch (from the previous δ's fixed point when
/// W_r = I + δK, since the path I + t(W_r − I) then is the δ path; from W_r = I and the
/// closed form otherwise) → spectrum and verdict at the branch fixed point → simulations
/// from the configured `starts` (every cell with `simulate` = `all`, cells whose branch is not
/// stable with `unstable`) and, where the branch is lost or unstable, from near its last
/// point (`attractor`) → one `CellRow`.
/// Then δ* (abscissa crossing 0) is refined by bisection between the grid points that
/// bracket it, each midpoint reached by continuation from the stable side, and written
/// with the fold δ (identity-plus) into every row of the unit. Deterministic: no row
/// depends on scheduling.
public struct SweepUnit: Sendable {
    public let config: SweepConfig
    public let master: UInt64
    public let grid: SweepGrid
    public let pipeline: CellPipeline

    public init(config: SweepConfig, master: UInt64, pipeline: CellPipeline = .standard) {
        self.config = config; self.master = master; self.grid = SweepGrid(config); self.pipeline = pipeline
    }

    /// The circuit of one cell, exactly as the sweep builds it (for `--emit-case`).
    public func circuit(ofCell cell: Int) throws -> Circuit {
        let (trial, zIndex, dIndex) = grid.coordinates(ofCell: cell)
        let draw = try TrialDraw(config: config, master: master, trial: trial)
        return try draw.circuit(config: config, cell: cell, delta: grid.deltas[dIndex], inputNorm: grid.inputNorms[zIndex])
    }

    private struct BranchPoint { let delta: Double; let state: [Double] }

    /// Runs the unit; `spectra` receives (cell, eigenvalues) for cells with a fixed point.
    public func run(unit: Int, spectra: ((Int, [Complex<Double>]) -> Void)? = nil) throws -> [CellRow] {
        let (trial, zIndex) = grid.unit(unit)
        let draw = try TrialDraw(config: config, master: master, trial: trial)
        let inputNorm = grid.inputNorms[zIndex]
        let continuesInDelta = config.recurrence == .identityPlus
        var rows: [CellRow] = []
        var last: BranchPoint?
        var foldDelta: Double?
        var abscissas: [Double?] = []
        var points: [BranchPoint?] = []
        // K's eigendecomposition for every piece of this unit (newton.md §7.11), made at the first piece.
        var couplingEigenbasis: SymmetricEigenbasis??
        func eigenbasis(_ circuit: Circuit) -> SymmetricEigenbasis? {
            if let known = couplingEigenbasis { return known }
            let made = CellPipeline.couplingEigenbasis(of: circuit, coupling: draw.coupling)
            couplingEigenbasis = .some(made)
            return made
        }
        for (dIndex, delta) in grid.deltas.enumerated() {
            let clock = ContinuousClock.now
            let cell = grid.cellIndex(trial: trial, inputNormIndex: zIndex, deltaIndex: dIndex)
            let circuit = try draw.circuit(config: config, cell: cell, delta: delta, inputNorm: inputNorm)
            var row = CellRow(cell: cell, trial: trial, inputNormIndex: zIndex, deltaIndex: dIndex, seed: draw.seed,
                              ensemble: config.ensemble.rawValue, recurrence: config.recurrence.rawValue,
                              neuronCount: config.neuronCount, mean: config.mean, delta: delta, inputNorm: inputNorm,
                              inputKind: config.inputKind.rawValue,
                              spectralRadiusRecurrent: draw.recurrentSpectralRadius(delta: delta, mode: config.recurrence),
                              branchStatus: BranchStatus.lost.rawValue, branchT: 0, newtonIterations: 0, residual: .infinity)
            var point: BranchPoint?
            var lostState: [Double]?
            if continuesInDelta, let fold = foldDelta {
                // The δ path from W_r = I already folded at δ_fold < δ: the branch does not reach this cell.
                row.branchStatus = BranchStatus.folded.rawValue
                row.branchT = delta > 0 ? fold / delta : 0
                lostState = last?.state
            } else {
                let start = continuesInDelta
                    ? last.map { branchStart(draw: draw, from: $0, to: delta, eigenbasis: eigenbasis(circuit)) } ?? .identity : .identity
                let outcome = pipeline.continueBranch(circuit, start)
                row.branchStatus = outcome.status.rawValue
                row.newtonIterations = outcome.newtonIterations
                row.residual = outcome.residual
                row.branchT = outcome.reached
                if outcome.status == .converged {
                    point = BranchPoint(delta: delta, state: outcome.state)
                } else {
                    lostState = outcome.state.isEmpty ? nil : outcome.state
                    if continuesInDelta { foldDelta = outcome.reached * delta }
                }
            }
            if let point {
                last = point
                if let spectrum = pipeline.analyzeSpectrum(circuit, point.state, config.certificate,
                                                           continuesInDelta ? eigenbasis(circuit) : nil) {
                    row.spectralAbscissa = spectrum.abscissa
                    row.abscissaTimesTau = spectrum.abscissa * circuit.slowestTimeConstant
                    row.leadingFrequencyHz = spectrum.leadingFrequencyHz
                    row.verdict = spectrum.verdict
                    row.certificate = spectrum.certificate
                    spectra?(cell, spectrum.eigenvalues)
                    if spectrum.verdict == "stable" { row.attractor = "branch-fixed-point" }
                    if spectrum.verdict == "unstable", config.simulate != .none {
                        let attractor = pipeline.simulate(circuit, point.state, SplitMix64.derivedSeed(master: draw.seed, index: UInt64(cell)))
                        row.attractor = attractor.kind; row.periodSeconds = attractor.periodSeconds
                    }
                }
                row.firstOrderError = Self.firstOrderError(circuit, point.state)
            } else if config.simulate != .none, let lostState {
                let attractor = pipeline.simulate(circuit, lostState, SplitMix64.derivedSeed(master: draw.seed, index: UInt64(cell)))
                row.attractor = attractor.kind; row.periodSeconds = attractor.periodSeconds
            }
            row.outcomeColumns = config.outcomeColumns
            let simulated = config.simulate == .all || (config.simulate == .unstable && row.verdict != "stable")
            if simulated {
                row.outcomes = pipeline.simulateStarts(circuit, point?.state, config.starts, config.literatureReplay,
                                                       SplitMix64.derivedSeed(master: draw.seed, index: UInt64(cell)))
            } else {
                row.outcomes = Array(repeating: AttractorOutcome.notSimulated.rawValue, count: row.outcomeColumns.count)
            }
            abscissas.append(point == nil ? nil : row.spectralAbscissa)
            points.append(point)
            row.seconds = Self.seconds(since: clock)
            rows.append(row)
        }
        let boundary = try boundaryDelta(draw: draw, inputNorm: inputNorm, zIndex: zIndex, abscissas: abscissas, points: points,
                                         eigenbasis: couplingEigenbasis ?? nil)
        for k in rows.indices { rows[k].boundaryDelta = boundary; rows[k].foldDelta = foldDelta }
        return rows
    }

    /// Continuation in δ from a fixed point of W_r = I + δ'K (identity-plus only).
    private func branchStart(draw: TrialDraw, from point: BranchPoint, to delta: Double,
                             eigenbasis: SymmetricEigenbasis? = nil) -> BranchStart {
        .previous(coupling: draw.coupling, scale: point.delta, target: delta, state: point.state, couplingEigenbasis: eigenbasis)
    }

    /// δ* by bisection in the first grid interval [δ_k, δ_k+1] where the abscissa goes from
    /// < 0 to ≥ 0 on the branch; nil when no such interval exists.
    private func boundaryDelta(draw: TrialDraw, inputNorm: Double, zIndex: Int, abscissas: [Double?],
                               points: [BranchPoint?], eigenbasis: SymmetricEigenbasis?) throws -> Double? {
        guard let k = abscissas.indices.dropLast().first(where: { k in
            guard let below = abscissas[k], let above = abscissas[k + 1] else { return false }
            return below < 0 && above >= 0
        }), var low = points[k] else { return nil }
        var high = grid.deltas[k + 1]
        let cell = grid.cellIndex(trial: draw.trial, inputNormIndex: zIndex, deltaIndex: k)
        while high - low.delta > config.bisectionTolerance * high {
            let middle = low.delta > 0 ? (low.delta * high).squareRoot() : 0.5 * (low.delta + high)
            let circuit = try draw.circuit(config: config, cell: cell, delta: middle, inputNorm: inputNorm)
            let start = config.recurrence == .identityPlus && low.delta > 0
                ? branchStart(draw: draw, from: low, to: middle, eigenbasis: eigenbasis) : BranchStart.identity
            let outcome = pipeline.continueBranch(circuit, start)
            guard outcome.status == .converged,
                  let spectrum = pipeline.analyzeSpectrum(circuit, outcome.state, false, eigenbasis), spectrum.abscissa < 0 else {
                high = middle
                continue
            }
            low = BranchPoint(delta: middle, state: outcome.state)
        }
        return 0.5 * (low.delta + high)
    }

    /// ‖x − x̂‖∞ / ‖x‖∞ with x̂ the first-order prediction (FirstOrderPerturbation).
    static func firstOrderError(_ circuit: Circuit, _ state: [Double]) -> Double? {
        guard let predicted = try? FirstOrderPerturbation.predictedState(for: circuit).flattened else { return nil }
        let scale = infinityNorm(state)
        guard scale > 0 else { return nil }
        return infinityNorm(zip(state, predicted).map { $0 - $1 }) / scale
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
