import ArgumentParser
import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Foundation
import Stability
import Sweep

/// `organics solve CASE --inputs Z`: one circuit, m inputs (docs/numpy-arrays.md).
///
/// Every input k is solved as `organics solve` solves a case file whose z is row k: the
/// normalization branch from the closed form at W_r = I, continued in t to W_r (proofs/newton.md
/// §7.4), then the spectrum there. There is no continuation from input k−1's fixed point:
/// the straight path in z between two inputs can cross a fold, after which the previous
/// fixed point lies on another branch, and nothing cheap proves it does not; every row is
/// therefore the branch by its definition, independent of the order of the inputs (and a
/// row equals `organics solve` on that input's case file exactly). Inputs run in parallel,
/// one worker per core (`--workers`).
extension SolveCommand {
    /// One row of the output: what `organics solve --json` reports for input `index`, reduced.
    struct InputRow: Sendable {
        let index: Int
        let converged: Bool
        /// "continued", "folded", … or "undefined" (closed form with a ≤ 0).
        let branch: String
        let parameterReached: Double?
        /// ‖diag(1/τ) F‖∞ at the reported point (1/s).
        let residual: Double?
        let spectralAbscissa: Double?
        let abscissaTimesTau: Double?
        let leadingFrequency: Double?
        /// The spectrum's verdict at the reported point; nil when there is no point or the
        /// eigenvalue computation failed (`spectrumFailed`).
        let verdict: StabilityVerdict?
        let spectrumFailed: Bool
        /// The CSV/JSON word: the verdict, "error" (eigenvalues failed) or "none" (no point).
        var verdictLabel: String { verdict?.rawValue ?? (spectrumFailed ? "error" : "none") }
        let state: [Double]?
        /// With --simulate: where the flow went from the start.
        let simulation: SimulationOutcome?

        static let columns = ["index", "converged", "branch", "t_reached", "residual_per_s", "spectral_abscissa_per_s",
                              "abscissa_times_tau", "leading_frequency_hz", "verdict"]
        static let simulationColumns = ["sim_kind", "sim_final_time_s", "sim_distance_to_branch", "sim_verdict"]

        init(index: Int, circuit: Circuit, simulate start: SimulationStart? = nil, route: LinearAlgebraRoute = .automatic) {
            let report = SolveReport(path: "", circuit: circuit, start: nil, listing: nil, route: route)
            self.index = index
            switch report.branch {
            case .success(let solution):
                converged = solution.isConverged
                branch = solution.branchLabel
                parameterReached = solution.parameterReached
                residual = solution.vectorFieldResidualNorm
                state = solution.state.flattened
            case .failure:
                converged = false; branch = "undefined"; parameterReached = nil; residual = nil; state = nil
            }
            switch report.stability?.spectrum {
            case .success(let spectrum):
                spectralAbscissa = spectrum.spectralAbscissa
                abscissaTimesTau = spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant)
                leadingFrequency = spectrum.leadingFrequency
                verdict = spectrum.verdict; spectrumFailed = false
            case .failure:
                spectralAbscissa = nil; abscissaTimesTau = nil; leadingFrequency = nil; verdict = nil; spectrumFailed = true
            case nil:
                spectralAbscissa = nil; abscissaTimesTau = nil; leadingFrequency = nil; verdict = nil; spectrumFailed = false
            }
            let reference = converged ? state.map { CircuitState(flattened: $0) } : nil
            simulation = start.map { SimulationOutcome(circuit: circuit, start: $0, index: index, branch: reference) }
        }

        private var fields: [String] {
            let numbers = [parameterReached, residual, spectralAbscissa, abscissaTimesTau, leadingFrequency]
                .map { $0.map { $0.isFinite ? "\($0)" : "" } ?? "" }
            var fields = ["\(index)", "\(converged)", branch] + numbers + [verdictLabel]
            if let simulation {
                fields += [simulation.kind, "\(simulation.finalTime)", simulation.distanceToBranch.map { "\($0)" } ?? "",
                           simulation.verdict]
            }
            return fields
        }

        var csvLine: String { fields.joined(separator: ",") }

        var jsonLine: String {
            func number(_ value: Double?) -> String { value.flatMap { $0.isFinite ? CaseFile.jsonNumber($0) : nil } ?? "null" }
            return jsonObject([("index", "\(index)"), ("converged", "\(converged)"), ("branch", CaseFile.jsonQuoted(branch)),
                               ("t_reached", number(parameterReached)), ("residual_per_s", number(residual)),
                               ("spectral_abscissa_per_s", number(spectralAbscissa)),
                               ("abscissa_times_tau", number(abscissaTimesTau)),
                               ("leading_frequency_hz", number(leadingFrequency)), ("verdict", CaseFile.jsonQuoted(verdictLabel))]
                              + (simulation.map { simulation in
                                  [("sim_kind", CaseFile.jsonQuoted(simulation.kind)), ("sim_final_time_s", number(simulation.finalTime)),
                                   ("sim_distance_to_branch", number(simulation.distanceToBranch)),
                                   ("sim_verdict", CaseFile.jsonQuoted(simulation.verdict))]
                              } ?? []))
        }
    }

    /// The --inputs run: load, solve in parallel, write rows, print the summary.
    func runInputs(_ inputsPath: String) throws {
        // The inputs run in parallel threads: LAPACK on one thread each (as the sweep does).
        LinearAlgebraThreads.pinToOneThread()
        let casePath = caseFiles[0]
        let (circuit, inputSet) = try refusingBadInput { () throws -> (Circuit, InputSet) in
            let circuit = try loadCircuit(casePath)
            let set = try InputSet.load(path: inputsPath, neuronCount: circuit.neuronCount, key: inputsKey)
            return (circuit, set)
        }
        let circuits = try refusingBadInput {
            try inputSet.inputs.enumerated().map { k, z in
                do { return try circuit.replacingInput(z) } catch { throw InputError(message: "\(inputsPath): input \(k): \(error)") }
            }
        }
        let start = simulate.flatMap { SimulationStart(name: $0, seed: seed) }
        let rows = Self.solveAll(circuits, workers: max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount), simulate: start,
                                 route: route)
        let jsonLines = jsonl || (out.map { $0.hasSuffix(".jsonl") || $0.hasSuffix(".json") } ?? false)
        let header = (InputRow.columns + (start == nil ? [] : InputRow.simulationColumns)).joined(separator: ",")
        let table = jsonLines ? rows.map(\.jsonLine).joined(separator: "\n") + "\n"
                              : header + "\n" + rows.map(\.csvLine).joined(separator: "\n") + "\n"
        do {
            if let npyDir { try writeStates(rows, neuronCount: circuit.neuronCount, directory: npyDir, inputsPath: inputsPath) }
            if let out { try AtomicFile.write(table, to: out) }
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(1)
        }
        let summary = Self.summary(rows, inputs: inputSet, path: inputsPath)
        if out == nil && jsonl {
            print(table, terminator: "")
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        } else {
            print(summary)
            if let out { print("rows: \(out)") }
        }
    }

    /// Solves every circuit; the result is in input order whatever the schedule.
    static func solveAll(_ circuits: [Circuit], workers: Int, simulate start: SimulationStart? = nil,
                         route: LinearAlgebraRoute = .automatic) -> [InputRow] {
        let progress = InputProgress(total: circuits.count)
        let results = RowStore(count: circuits.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, circuits.count)) { _ in
            while let k = progress.next() {
                results.set(k, InputRow(index: k, circuit: circuits[k], simulate: start, route: route))
                progress.finished()
            }
        }
        return results.rows()
    }

    /// "1000 inputs: 990 fixed points on the branch: 988 stable, 2 unstable, 0 undecided; worst margin
    /// α·τ_max = … (input 17); branch folded before W_r: 5 9; …". Only rows whose branch reached
    /// W_r and converged count as fixed points (a folded row's spectrum is the last branch point's).
    static func summary(_ rows: [InputRow], inputs: InputSet, path: String) -> String {
        let fixedPoints = rows.filter(\.converged)
        func count(_ verdict: StabilityVerdict) -> Int { fixedPoints.filter { $0.verdict == verdict }.count }
        func list(_ indices: [Int]) -> String {
            indices.isEmpty ? "none" : indices.prefix(20).map(String.init).joined(separator: " ") + (indices.count > 20 ? " … (\(indices.count) in all)" : "")
        }
        let worst = fixedPoints.compactMap { row in row.abscissaTimesTau.map { (row.index, $0) } }.max { $0.1 < $1.1 }
        let folded = rows.filter { $0.branch == "folded" }.map(\.index)
        let branchPoints = rows.filter { $0.branch == "branch-point" }.map(\.index)
        let failed = rows.filter { !$0.converged && $0.branch != "folded" && $0.branch != "branch-point" }.map(\.index)
        var parts = ["\(path) (\(inputs.description)): \(rows.count) inputs, \(fixedPoints.count) fixed points on the branch: "
                     + "\(count(.stable)) stable, \(count(.unstable)) unstable, \(count(.undecided)) undecided"]
        let withoutSpectrum = fixedPoints.filter { $0.verdict == nil }.count
        if withoutSpectrum > 0 { parts.append("\(withoutSpectrum) without a spectrum") }
        parts.append("worst margin α·τ_max = " + (worst.map { "\($0.1) (input \($0.0))" } ?? "none"))
        parts.append("branch folded before W_r: \(list(folded))")
        if !branchPoints.isEmpty { parts.append("through a branch point (bifurcation, not the normalization branch's continuation): \(list(branchPoints))") }
        if !failed.isEmpty { parts.append("not converged otherwise: \(list(failed))") }
        let outcomes = rows.compactMap { $0.simulation.map(\.kind) }
        if !outcomes.isEmpty {
            let kinds = Dictionary(grouping: outcomes, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted()
            parts.append("simulated: " + kinds.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    /// --npy-dir: the fixed points as `<stem>.y.npy`, `<stem>.a.npy` (m × n) and the abscissae
    /// `<stem>.abscissa.npy` (m); rows without a point are NaN.
    private func writeStates(_ rows: [InputRow], neuronCount n: Int, directory: String, inputsPath: String) throws {
        let stem = URL(fileURLWithPath: inputsPath).deletingPathExtension().lastPathComponent
        var y: [Double] = [], a: [Double] = []
        for row in rows {
            let state = row.state ?? Array(repeating: .nan, count: 2 * n)
            y += state[0..<n]
            a += state[n...]
        }
        let m = rows.count
        let base = URL(fileURLWithPath: directory)
        try AtomicFile.write(data: NumPyArray.encode(shape: [m, n], values: y), to: base.appendingPathComponent("\(stem).y.npy").path)
        try AtomicFile.write(data: NumPyArray.encode(shape: [m, n], values: a), to: base.appendingPathComponent("\(stem).a.npy").path)
        try AtomicFile.write(data: NumPyArray.encode(shape: [m], values: rows.map { $0.spectralAbscissa ?? .nan }),
                             to: base.appendingPathComponent("\(stem).abscissa.npy").path)
    }
}

/// Hands out input indices and prints progress to stderr (at most every 2 s, runs over 2 s).
private final class InputProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var issued = 0, done = 0
    private let start = Date()
    private var lastPrint = Date()

    init(total: Int) { self.total = total }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard issued < total else { return nil }
        issued += 1
        return issued - 1
    }

    func finished() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        let now = Date()
        if now.timeIntervalSince(lastPrint) >= 2 || (done == total && now.timeIntervalSince(start) >= 2) {
            lastPrint = now
            let elapsed = now.timeIntervalSince(start)
            FileHandle.standardError.write(Data(String(format: "solve --inputs: %d/%d inputs, %.1f s\n", done, total, elapsed).utf8))
        }
    }
}

private final class RowStore: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [SolveCommand.InputRow?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ row: SolveCommand.InputRow) { lock.lock(); storage[index] = row; lock.unlock() }
    func rows() -> [SolveCommand.InputRow] { storage.compactMap { $0 } }
}

extension SolveCommand {
    /// The --inputs options' own checks (called from `validate()`).
    func validateInputsOptions() throws {
        guard let inputs else {
            if out != nil || workers != nil || simulate != nil || seed != nil || inputsKey != nil {
                throw ValidationError("--out, --workers, --simulate, --seed and --inputs-key need --inputs")
            }
            return
        }
        guard caseFiles.count == 1 else { throw ValidationError("--inputs takes exactly one case file, found \(caseFiles.count)") }
        guard fromState == nil, allCount == nil, !certificate, !json else {
            throw ValidationError("--inputs excludes --from, --all, --certificate and --json (use --jsonl or --out)")
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, found \(workers)") }
        if let simulate, SimulationStart(name: simulate, seed: seed ?? 0) == nil {
            throw ValidationError("--simulate must be 'closed-form' or 'random', found '\(simulate)'")
        }
        if (simulate == "random") != (seed != nil) { throw ValidationError("--seed goes with --simulate random, and --simulate random needs --seed") }
        if out == inputs { throw ValidationError("--out would overwrite the inputs file \(inputs)") }
    }
}

extension SolveCommand {
    /// `solve CASE --npy-dir DIR` (one case at a time): `DIR/<case stem>.y.npy`, `.a.npy` (n) at the
    /// reported point and `.eigenvalues.npy` (2n × 2: real, imaginary; rightmost first), written
    /// atomically; nothing for a case without a point or spectrum.
    func writeArrays(_ report: SolveReport, directory: String) throws {
        let n = report.circuit.neuronCount
        let point = report.polished?.point ?? (try? report.branch.get())?.state.flattened
        let stem = URL(fileURLWithPath: report.path).deletingPathExtension().lastPathComponent
        let base = URL(fileURLWithPath: directory)
        do {
            if let point {
                try AtomicFile.write(data: NumPyArray.encode(shape: [n], values: Array(point[0..<n])),
                                     to: base.appendingPathComponent("\(stem).y.npy").path)
                try AtomicFile.write(data: NumPyArray.encode(shape: [n], values: Array(point[n...])),
                                     to: base.appendingPathComponent("\(stem).a.npy").path)
            }
            if case .success(let spectrum)? = report.stability?.spectrum {
                let pairs = spectrum.eigenvalues.flatMap { [$0.real, $0.imaginary] }
                try AtomicFile.write(data: NumPyArray.encode(shape: [spectrum.eigenvalues.count, 2], values: pairs),
                                     to: base.appendingPathComponent("\(stem).eigenvalues.npy").path)
            }
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(1)
        }
    }
}
