import ArgumentParser
import CircuitModel
import Dynamics
import FixedPointSolver
import Foundation
import JacobianBuilder

/// `organics simulate CASE --input-schedule FILE`: the circuit driven by a piecewise
/// constant or piecewise linear input z(t) (`InputSchedule`), the question being whether
/// the state tracks each segment's normalization fixed point.
///
/// The flow is x' = diag(1/τ) F(x; z(t)). z enters F only through the drive b∘z of the y
/// equations (every variant), so with the segment's base input z^(k):
///     x'_y,i = [F_y,i(x; z^(k)) + b_i (z_i(t) − z^(k)_i)] / τ_y,i,   x'_a = F_a(x) / τ_a,
/// and the flow Jacobian ∂x'/∂x does not depend on z (one Jacobian per segment serves).
/// Each segment [t_k, t_{k+1}] is a separate integration (same method and tolerances as
/// plain `simulate`: rtol 1e-8, atol 1e-11) started from the previous segment's end state,
/// so the integrator stops exactly at every breakpoint. Samples: every τ_max/10 from each
/// segment's start, plus the breakpoints. A constant one-row schedule is plain `simulate`.
///
/// Per segment the summary reports, at the segment's end t_{k+1}: the target, the
/// normalization-branch fixed point x*_k of the circuit with z = z(t_{k+1}⁻) (as `organics
/// solve`); the distance ‖x(t_{k+1}) − x*_k‖∞; and "settled": the normwise relative residual
///     max( ‖F_y(x)‖∞ / ‖s_y‖∞ , ‖F_a(x)‖∞ / ‖s_a‖∞ ) ≤ 1e-6
/// with F for z(t_{k+1}⁻) and s = `Circuit.residualScale` (the sizes of the terms of F), i.e. the
/// state is a fixed point of that segment's circuit to six digits, whichever fixed point it is.
/// (Normwise, not entrywise: a silent neuron has s_i → 0 and |F_i|/s_i = O(1) at any distance.)
extension SimulateCommand {
    /// Scaled residual below which a segment's end state counts as settled (see above).
    static let settledTolerance = 1e-6

    struct SegmentOutcome {
        let start: Double
        let end: Double
        let settled: Bool
        let relativeResidual: Double
        let branch: String
        /// ‖x(end) − x*‖∞; nil when the branch fixed point is undefined.
        let distance: Double?
        let relativeDistance: Double?
    }

    func runSchedule(_ schedulePath: String) throws {
        let caseCircuit = try refusingBadInput { try loadCircuit(caseFile) }
        let n = caseCircuit.neuronCount
        let schedule = try refusingBadInput { try InputSchedule.load(path: schedulePath, neuronCount: n) }
        let circuits = try refusingBadInput {
            try schedule.inputs.enumerated().map { k, z in
                do { return try caseCircuit.replacingInput(z) } catch { throw InputError(message: "\(schedulePath): breakpoint \(k): \(error)") }
            }
        }
        let first = circuits[0]
        let start = try refusingBadInput { try startState(for: first, branch: CircuitDynamics.branchFixedPoint(of: first)) }
        let tau = caseCircuit.slowestTimeConstant
        let lastBreak = schedule.times[schedule.times.count - 1]
        let defaultEnd = schedule.times.count > 1 ? lastBreak + (lastBreak - schedule.times[schedule.times.count - 2]) : 2000 * tau
        let duration = tEnd ?? defaultEnd
        guard duration > lastBreak else {
            Terminal.printError("--t-end \(duration) must be after the last breakpoint t_s = \(lastBreak) of \(schedulePath)")
            throw ExitCode(64)
        }
        let boundaries = schedule.times + [duration]

        var times: [Double] = [], states: [[Double]] = [], drives: [[Double]] = []
        var outcomes: [SegmentOutcome] = []
        var state = start.flattened
        var stopped: String?
        var options = AttractorOptions().integration
        options.sampling = .uniform(interval: tau / 10)
        let bound = AttractorOptions().divergenceBound
        options.events = [ODEEvent(direction: .rising, isTerminal: true) { _, x in
            var largest = 0.0
            for value in x { largest = max(largest, abs(value)) }
            return largest - bound
        }]
        for k in schedule.times.indices {
            let (t0, t1) = (boundaries[k], boundaries[k + 1])
            let base = circuits[k]
            let solution: ODESolution
            do {
                let problem = try ODEProblem(vectorField: Self.drivenField(base, schedule: schedule, segment: k),
                                             jacobian: CircuitDynamics.flowJacobian(of: base, using: JacobianBuilder()),
                                             initialState: state, startTime: t0, endTime: t1,
                                             isAutonomous: schedule.interpolation == .constant || k + 1 == schedule.times.count)
                solution = try ODESolver(options).solve(problem)
            } catch {
                Terminal.printError("\(caseFile): segment \(k): \(error)")
                throw ExitCode(1)
            }
            for (index, time) in solution.times.enumerated() where !(index == 0 && k > 0) {
                times.append(time)
                states.append(solution.states[index])
                drives.append(schedule.input(at: time, segment: k))
            }
            state = solution.finalState
            if !solution.status.isSuccess {
                stopped = "segment \(k) stopped at t = \(solution.finalTime) s: \(solution.status)"
                break
            }
            let target = try refusingBadInput {
                do { return try base.replacingInput(schedule.input(at: t1, segment: k)) } catch { throw InputError(message: "\(error)") }
            }
            outcomes.append(Self.outcome(of: state, in: target, from: t0, to: t1))
        }
        if let out {
            do { try AtomicFile.write(Self.csv(times: times, states: states, drives: drives, every: every, n: n), to: out) } catch {
                Terminal.printError("\(error)")
                throw ExitCode(1)
            }
        }
        print(json ? scheduleJSON(outcomes, schedule: schedulePath, duration: duration, stopped: stopped)
                   : scheduleText(outcomes, schedule: schedulePath, interpolation: schedule.interpolation, stopped: stopped))
        if let out, !json { print("trajectory: \(out) (\((times.count + every - 1) / every) samples, input columns z_1..z_\(n))") }
    }

    /// x' = diag(1/τ) F(x; z(t)) on segment k (see the type's comment).
    static func drivenField(_ base: Circuit, schedule: InputSchedule, segment k: Int) -> VectorField {
        let field = CircuitDynamics.vectorField(of: base)
        guard schedule.interpolation == .linear, k + 1 < schedule.times.count else { return field }
        let n = base.neuronCount
        let (t0, t1) = (schedule.times[k], schedule.times[k + 1])
        let slope = (0..<n).map { base.inputGain[$0] * (schedule.inputs[k + 1][$0] - schedule.inputs[k][$0]) / base.tauY[$0] }
        return { time, x, derivative in
            field(time, x, &derivative)
            let s = (time - t0) / (t1 - t0)
            for i in 0..<n { derivative[i] += s * slope[i] }
        }
    }

    static func outcome(of x: [Double], in circuit: Circuit, from t0: Double, to t1: Double) -> SegmentOutcome {
        let f = circuit.residual(at: x), scale = circuit.residualScale(at: x)
        let n = circuit.neuronCount
        // Normwise per block: a silent neuron (y_i = z_i = 0) has scale_i → 0, where the
        // entrywise ratio |F_i|/scale_i stays O(1) however close the state is.
        func blockRatio(_ range: Range<Int>) -> Double {
            let top = range.reduce(0.0) { max($0, scale[$1]) }
            let largest = range.reduce(0.0) { max($0, abs(f[$1])) }
            return top > 0 ? largest / top : largest
        }
        let scaled = max(blockRatio(0..<n), blockRatio(n..<(2 * n)))
        var distance: Double?, relative: Double?, label = "undefined"
        if let branch = try? CircuitFixedPointSolver().normalizationBranch(of: circuit) {
            label = branch.branchLabel
            let target = branch.state.flattened
            let gap = zip(x, target).reduce(0) { max($0, abs($1.0 - $1.1)) }
            distance = gap
            relative = gap / max(target.reduce(0) { max($0, abs($1)) }, .leastNormalMagnitude)
        }
        return SegmentOutcome(start: t0, end: t1, settled: scaled <= settledTolerance, relativeResidual: scaled,
                              branch: label, distance: distance, relativeDistance: relative)
    }

    static func csv(times: [Double], states: [[Double]], drives: [[Double]], every: Int, n: Int) -> String {
        let header = ["t_s"] + (1...n).map { "y_\($0)" } + (1...n).map { "a_\($0)" } + (1...n).map { "z_\($0)" }
        var lines = [header.joined(separator: ",")]
        for k in stride(from: 0, to: times.count, by: every) {
            lines.append(([times[k]] + states[k] + drives[k]).map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func scheduleText(_ outcomes: [SegmentOutcome], schedule: String, interpolation: InputSchedule.Interpolation,
                              stopped: String?) -> String {
        var lines = ["\(caseFile) driven by \(schedule) (\(interpolation.rawValue) between breakpoints): \(outcomes.count) segment(s)"]
        lines.append("  k  start_s  end_s  settled  relative_residual  branch  ‖x−x*‖∞  relative_distance")
        for (k, segment) in outcomes.enumerated() {
            lines.append("  \(k)  \(segment.start)  \(segment.end)  \(segment.settled ? "yes" : "no")  \(segment.relativeResidual)  \(segment.branch)  "
                         + "\(segment.distance.map { "\($0)" } ?? "-")  \(segment.relativeDistance.map { "\($0)" } ?? "-")")
        }
        if let stopped { lines.append("  stopped: \(stopped)") }
        let tracked = outcomes.filter { $0.settled && ($0.relativeDistance ?? .infinity) <= 1e-4 }.count
        lines.append("  tracked the normalization fixed point (settled, relative distance ≤ 1e-4) in \(tracked) of \(outcomes.count) segment(s)")
        return lines.joined(separator: "\n")
    }

    private func scheduleJSON(_ outcomes: [SegmentOutcome], schedule: String, duration: Double, stopped: String?) -> String {
        func number(_ value: Double?) -> String { value.flatMap { $0.isFinite ? CaseFile.jsonNumber($0) : nil } ?? "null" }
        let segments = outcomes.map { segment in
            jsonObject([("start_s", number(segment.start)), ("end_s", number(segment.end)), ("settled", "\(segment.settled)"),
                        ("relative_residual", number(segment.relativeResidual)), ("branch", CaseFile.jsonQuoted(segment.branch)),
                        ("distance_to_branch", number(segment.distance)),
                        ("relative_distance_to_branch", number(segment.relativeDistance))])
        }
        return jsonObject([("case", CaseFile.jsonQuoted(caseFile)), ("input_schedule", CaseFile.jsonQuoted(schedule)),
                           ("from", CaseFile.jsonQuoted(from)), ("t_end_s", number(duration)),
                           ("stopped", stopped.map(CaseFile.jsonQuoted) ?? "null"),
                           ("segments", "[\n    " + segments.joined(separator: ",\n    ") + "\n  ]")], indent: true)
    }
}
