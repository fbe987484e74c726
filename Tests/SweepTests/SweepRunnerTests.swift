import CircuitModel
import FixedPointSolver
import Foundation
import LinearAlgebra
import Testing
@testable import Sweep

/// Small sweeps end to end (n = 6, so each runs in well under a second in debug).
@Suite("Sweep runs: determinism, resume, shards, workers")
struct SweepRunnerTests {
    static func smallConfig(seed: UInt64 = 11) throws -> SweepConfig {
        try SweepConfig.decode("""
            {"n": 6, "trials": 4, "seed": \(seed), "delta": {"min": 0.05, "max": 20, "count": 5, "spacing": "log"},
             "input_norm": {"min": 0.02, "max": 0.5, "count": 2, "spacing": "log"}}
            """)
    }

    static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "organics-sweep-test-\(label)-\(UUID().uuidString)"
        return path
    }

    static func run(_ config: SweepConfig, shard: Shard = .whole, workers: Int = 1, directory: String? = nil,
                    resume: Bool = false) throws -> (directory: String, rows: [CellRow]) {
        let directory = directory ?? temporaryDirectory("run")
        var runner = try SweepRunner.prepare(config: config, shard: shard, directory: directory, resume: resume, workers: workers)
        runner.showProgress = false
        runner.writeSummaries = false
        _ = try runner.run()
        let path = directory + "/" + SweepFiles.cells
        return (directory, try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows)
    }

    @Test("1 and 2 workers give identical cells.csv up to the seconds column")
    func workersDoNotChangeRows() throws {
        let config = try Self.smallConfig()
        let one = try Self.run(config, workers: 1), two = try Self.run(config, workers: 2)
        #expect(one.rows.count == SweepGrid(config).cellCount)
        #expect(one.rows.map(\.withoutTiming) == two.rows.map(\.withoutTiming))
        #expect(one.rows.map(\.cell) == Array(0..<one.rows.count))
    }

    @Test("resume after a cut last line and a missing unit reproduces the uninterrupted run")
    func resumeAfterTruncation() throws {
        let config = try Self.smallConfig()
        let whole = try Self.run(config)
        let path = whole.directory + "/" + SweepFiles.cells
        let text = try SweepFiles.read(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // trailing empty piece
        // Keep the comment, the header, 7 full rows (unit 0 and part of unit 1), then half a row.
        let partial = lines[0..<9].joined(separator: "\n") + "\n" + String(lines[9].prefix(lines[9].count / 2))
        try SweepFiles.writeAtomically(partial, to: path)
        let resumed = try Self.run(config, directory: whole.directory, resume: true)
        #expect(resumed.rows.map(\.withoutTiming) == whole.rows.map(\.withoutTiming))
        #expect(Set(resumed.rows.map(\.cell)).count == resumed.rows.count)
    }

    @Test("the union of shards 0/3, 1/3, 2/3 equals the unsharded sweep row for row; merge joins them")
    func shardUnion() throws {
        let config = try Self.smallConfig()
        let whole = try Self.run(config)
        var union: [CellRow] = []
        var directories: [String] = []
        for index in 0..<3 {
            guard let shard = Shard(parsing: "\(index)/3") else { Issue.record("shard"); return }
            let part = try Self.run(config, shard: shard)
            #expect(part.rows.allSatisfy { $0.trial % 3 == index })
            union += part.rows
            directories.append(part.directory)
        }
        #expect(union.sorted { $0.cell < $1.cell }.map(\.withoutTiming) == whole.rows.map(\.withoutTiming))
        let merged = Self.temporaryDirectory("merged")
        try SweepMerge.merge(output: merged, inputs: directories)
        let path = merged + "/" + SweepFiles.cells
        #expect(try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows.map(\.withoutTiming)
                == whole.rows.map(\.withoutTiming))
        #expect(throws: SweepRunError.self) { try SweepMerge.merge(output: merged + "-x", inputs: [directories[0], directories[0]]) }
        #expect(!FileManager.default.fileExists(atPath: merged + "-x"))
    }

    @Test("an existing sweep is not overwritten without --resume, nor resumed with another config")
    func refusals() throws {
        let config = try Self.smallConfig()
        let first = try Self.run(config)
        #expect(throws: SweepRunError.existingOutput(path: first.directory)) {
            try SweepRunner.prepare(config: config, shard: .whole, directory: first.directory, resume: false, workers: 1)
        }
        var other = config
        other.trials = 5
        #expect(throws: SweepRunError.self) {
            try SweepRunner.prepare(config: other, shard: .whole, directory: first.directory, resume: true, workers: 1)
        }
    }

    @Test("Theorem 1 (MATH.md §3): with δ = 0 (W_r = I) every cell is stable on the branch")
    func deltaZeroIsStable() throws {
        var config = try Self.smallConfig()
        config.delta = SweepAxis(minimum: 0, maximum: 0, count: 1, spacing: .linear)
        config.inputKind = .random
        config.normalizationWeights = .random
        let rows = try Self.run(config).rows
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.branchStatus == "converged" && $0.verdict == "stable" })
    }

    @Test("an emitted case re-solved from W_r = I reproduces its row (case-format.md round trip)")
    func emittedCaseReproducesRow() throws {
        let config = try Self.smallConfig()
        let rows = try Self.run(config).rows
        let unit = SweepUnit(config: config, master: 11)
        for row in rows where row.cell % 3 == 0 && row.branchStatus == "converged" {
            let circuit = try CaseFile.decode(CaseFile.encode(try unit.circuit(ofCell: row.cell)))
            // What `organics solve` does: the branch from W_r = I straight to this cell (FixedPointSolver).
            let outcome = CellPipeline.solverBranch(circuit, .identity)
            #expect(outcome.status == .converged)
            let spectrum = try #require(CellPipeline.stabilitySpectrum(circuit, outcome.state, certificate: false))
            let expected = try #require(row.spectralAbscissa)
            #expect(abs(spectrum.abscissa - expected) <= 1e-8 * max(1, abs(expected)), "cell \(row.cell)")
            #expect(spectrum.verdict == row.verdict)
        }
    }

    @Test("J_F of the reference tracker matches central differences of the residual (MATH.md §2)")
    func jacobianMatchesFiniteDifferences() throws {
        let config = try Self.smallConfig()
        let circuit = try SweepUnit(config: config, master: 3).circuit(ofCell: 3)
        var x = try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit).flattened
        x = x.enumerated().map { $0.element * (1 + 0.1 * Double($0.offset % 3)) }
        let n = circuit.neuronCount
        let j = ReferenceBranchContinuation.residualJacobian(circuit, circuit.recurrentWeights.denseMatrix(order: n),
                                                    circuit.normalizationWeights.denseMatrix(order: n), x)
        for col in 0..<(2 * n) {
            let h = 1e-6 * max(abs(x[col]), 1e-3)
            var plus = x, minus = x
            plus[col] += h; minus[col] -= h
            let fPlus = circuit.residual(at: plus), fMinus = circuit.residual(at: minus)
            for row in 0..<(2 * n) {
                let difference = (fPlus[row] - fMinus[row]) / (2 * h)
                #expect(abs(difference - j[row, col]) <= 1e-5 * max(1, abs(j[row, col])), "J[\(row), \(col)]")
            }
        }
    }

    @Test("reference tracker (own Newton and Jacobian, Tests) agrees with FixedPointSolver + Stability; stable rows are certified")
    func stabilityModuleAgreesAndCertifies() throws {
        var config = try Self.smallConfig()
        config.certificate = true
        config.trials = 2
        let rows = try Self.run(config).rows
        #expect(rows.contains { $0.verdict == "stable" })
        for row in rows where row.verdict == "stable" { #expect(row.certificate == "certified", "cell \(row.cell)") }
        let unit = SweepUnit(config: config, master: 11)
        for row in rows where row.branchStatus == "converged" && row.cell % 2 == 0 {
            let circuit = try unit.circuit(ofCell: row.cell)
            let own = ReferenceBranchContinuation().continueBranch(to: circuit, from: .identity)
            let solver = CellPipeline.solverBranch(circuit, .identity)
            #expect(own.status == .converged && solver.status == .converged)
            let scale = solver.state.map(abs).max() ?? 1
            #expect(zip(own.state, solver.state).allSatisfy { abs($0 - $1) <= 1e-9 * scale }, "cell \(row.cell)")
            let interim = try #require(ReferenceSpectrum.summary(circuit, own.state))
            let module = try #require(CellPipeline.stabilitySpectrum(circuit, solver.state, certificate: false))
            #expect(abs(interim.abscissa - module.abscissa) <= 1e-8 * max(1, abs(module.abscissa)))
        }
    }

    /// Cells where FixedPointSolver's former default options (whole-interval first step) jumped
    /// to an unstable fixed point ~0.9 away. Cell 34 (δ = 20) is left out: there routes of 200 and
    /// 2000 steps themselves end at different zeros (a near-singular stretch of the path;
    /// reported as open).
    @Test("the sweep's branch equals a 200-step route in δ (no jump to another fixed point)", arguments: [3, 4, 33, 39])
    func branchMatchesFineRoute(cell: Int) throws {
        let config = try Self.smallConfig()
        let grid = SweepGrid(config)
        let circuit = try SweepUnit(config: config, master: 11).circuit(ofCell: cell)
        let draw = try TrialDraw(config: config, master: 11, trial: grid.coordinates(ofCell: cell).trial)
        let delta = grid.deltas[grid.coordinates(ofCell: cell).deltaIndex]
        var state = try NormalizationFixedPoint.state(for: try circuit.replacingRecurrentWeights(.identity)).flattened
        let steps = 200
        for k in 0..<steps {
            let outcome = ReferenceBranchContinuation().continueBranch(
                to: circuit, from: .previous(coupling: draw.coupling, scale: delta * Double(k) / Double(steps),
                                             target: delta * Double(k + 1) / Double(steps), state: state))
            try #require(outcome.status == .converged)
            state = outcome.state
        }
        let direct = CellPipeline.solverBranch(circuit, .identity)
        #expect(direct.status == .converged)
        let scale = state.map(abs).max() ?? 1
        let distance = zip(direct.state, state).map { abs($0 - $1) }.max() ?? .infinity
        #expect(distance <= 1e-9 * scale, "‖x_solver − x_route‖∞ = \(distance)")
    }

    /// What `organics solve CELL.json` computes (`CircuitFixedPointSolver()` from W_r = I along
    /// I + t(W_r − I)) against the sweep's row (continued in δ from the previous cell): same
    /// status, and the same fixed point, hence the same abscissa to 1e-8 relative (two
    /// continuations to one zero, each to ε_rel 1e-11; the eigenvalues' sensitivity is bounded
    /// by the matrix norm here, κ ≲ 1e2). Before the step cap became the default, cells 3 and 4
    /// gave `stable` in the row and `unstable` (α·τ = +5.7, +25.9) from solve. Cell 34 (δ = 20)
    /// is left out as in the route test above: different routes end at different zeros.
    @Test("organics solve's branch (from W_r = I) is the sweep's branch, cell by cell")
    func solveAgreesWithRows() throws {
        let config = try Self.smallConfig()
        let run = try Self.run(config)
        let unit = SweepUnit(config: config, master: 11)
        for row in run.rows where row.cell != 34 {
            let circuit = try unit.circuit(ofCell: row.cell)
            let branch = try CircuitFixedPointSolver().normalizationBranch(of: circuit)
            #expect(branch.isConverged == (row.branchStatus == BranchStatus.converged.rawValue), "cell \(row.cell)")
            guard branch.isConverged, let rowAbscissa = row.spectralAbscissa else { continue }
            let spectrum = try #require(CellPipeline.stabilitySpectrum(circuit, branch.state.flattened, certificate: false))
            #expect(abs(spectrum.abscissa - rowAbscissa) <= 1e-8 * max(1, abs(rowAbscissa)),
                    "cell \(row.cell): solve \(spectrum.abscissa), row \(rowAbscissa)")
            #expect(spectrum.verdict == row.verdict, "cell \(row.cell)")
        }
    }

    /// spectrum.svg shows one unit's spectra (`SweepSummary.representativeUnit`). A run that
    /// computes that unit keeps its spectra instead of running it again for the summaries: the
    /// spectrum analyses of a whole run are then exactly those of its cells with a branch fixed
    /// point, and `summarize` (which re-runs the unit from the seed, without simulations)
    /// rebuilds a byte-identical spectrum.svg. With 2 workers and simulations on.
    @Test("the run keeps the representative unit's spectra: no second run of it, and summarize rebuilds the same spectrum.svg")
    func representativeSpectraKept() throws {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var count = 0
            func add() { lock.lock(); count += 1; lock.unlock() }
        }
        let config = try Self.smallConfig()
        let counter = Counter()
        var pipeline = CellPipeline.standard
        pipeline.analyzeSpectrum = { circuit, state, certificate, eigenbasis in
            counter.add()
            return CellPipeline.standard.analyzeSpectrum(circuit, state, certificate, eigenbasis)
        }
        let directory = Self.temporaryDirectory("spectra")
        var runner = try SweepRunner.prepare(config: config, shard: .whole, directory: directory, resume: false, workers: 2)
        runner.showProgress = false
        runner.pipeline = pipeline
        _ = try runner.run()
        let path = directory + "/" + SweepFiles.cells
        let rows = try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows
        let analysed = rows.filter { $0.branchStatus == BranchStatus.converged.rawValue }.count
        #expect(analysed > 0)
        #expect(counter.count == analysed, "\(counter.count) spectrum analyses for \(analysed) converged cells")
        let fromRun = try SweepFiles.read(directory + "/" + SweepFiles.spectrumPlot)
        #expect(fromRun.contains("δ="), "spectrum.svg names its cells")
        try SweepSummary.write(directory: directory, record: try SweepRecord.load(directory: directory), rows: rows)
        #expect(try SweepFiles.read(directory + "/" + SweepFiles.spectrumPlot) == fromRun)
    }

    /// map.svg draws an outcome panel per simulated start only: a branch-only sweep
    /// (simulate = none) gets panel (a) alone and a title that says the starts were not
    /// simulated, not empty panels; panel (a)'s legend names the grey of cells without a branch
    /// fixed point exactly when there are such cells.
    @Test("map.svg: no empty outcome panels for simulate = none; grey cells explained when present")
    func mapPanelsFollowSimulation() throws {
        var config = try Self.smallConfig()
        for mode in [SimulateMode.none, .all] {
            config.simulate = mode
            let run = try Self.run(config)
            let svg = SweepPlots.map(config: config, grid: SweepGrid(config), rows: run.rows)
            #expect(svg.contains("(b1) from the") == (mode == .all), "\(mode)")
            #expect(svg.contains("starts not simulated") == (mode == .none), "\(mode)")
            var withAbscissa = Set<Int>()
            for row in run.rows where row.spectralAbscissa != nil { withAbscissa.insert(row.inputNormIndex * 100 + row.deltaIndex) }
            let grid = SweepGrid(config)
            let grey = withAbscissa.count < grid.inputNorms.count * grid.deltas.count
            #expect(svg.contains("no branch fixed point (folded or lost)") == grey, "\(mode): grey cells \(grey)")
        }
    }

    @Test("summaries are rebuilt from cells.csv and config.json alone")
    func summariesFromCells() throws {
        let config = try Self.smallConfig()
        let run = try Self.run(config)
        let record = try SweepRecord.load(directory: run.directory)
        try SweepSummary.write(directory: run.directory, record: record, rows: run.rows.reversed())
        let map = try SweepFiles.read(run.directory + "/" + SweepFiles.map)
        #expect(map.split(separator: "\n").count == 1 + 5 * 2)
        let boundary = try SweepFiles.read(run.directory + "/" + SweepFiles.boundary)
        #expect(boundary.split(separator: "\n").count == 1 + 4 * 2)
        #expect(try SweepFiles.read(run.directory + "/" + SweepFiles.mapPlot).hasPrefix("<svg"))
    }
}
