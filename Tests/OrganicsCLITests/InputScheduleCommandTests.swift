import Foundation
import Testing

/// `organics simulate --input-schedule`: a constant schedule is plain `simulate`; a step
/// schedule settles, segment by segment, on the closed-form normalization fixed point (W_r = I).
@Suite("CLI: simulate --input-schedule")
struct InputScheduleCommandTests {
    /// Rows of a trajectory CSV as numbers (header dropped).
    static func table(_ path: String) throws -> (header: [String], rows: [[Double]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        return (header, lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } })
    }

    @Test("a one-row constant schedule reproduces plain simulate's trajectory exactly, plus the z columns")
    func constantScheduleIsPlainSimulate() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = try CommandRunner.write(ValidateCommandTests.example, named: "case.json", in: directory)
        let schedule = try CommandRunner.write("t_s,z_1,z_2,z_3\n0,1.0,0.2,0.0\n", named: "schedule.csv", in: directory)
        let plain = directory.appendingPathComponent("plain.csv").path, driven = directory.appendingPathComponent("driven.csv").path
        let start = try CommandRunner.write(#"{"y": [0.1, 0.5, -0.2], "a": [0.3, 0.1, 0.2]}"#, named: "start.json", in: directory)
        let first = try CommandRunner.run(["simulate", casePath, "--from", start, "--t-end", "0.05", "--out", plain])
        let second = try CommandRunner.run(["simulate", casePath, "--from", start, "--t-end", "0.05", "--out", driven,
                                            "--input-schedule", schedule])
        #expect(first.status == 0 && second.status == 0, "\(first.standardError) \(second.standardError)")
        let (plainHeader, plainRows) = try Self.table(plain)
        let (drivenHeader, drivenRows) = try Self.table(driven)
        #expect(drivenHeader == plainHeader + ["z_1", "z_2", "z_3"])
        #expect(plainRows.count == 251 && drivenRows.count == plainRows.count)
        for (p, d) in zip(plainRows, drivenRows) {
            #expect(Array(d.prefix(7)) == p)
            #expect(Array(d.suffix(3)) == [1.0, 0.2, 0.0])
        }
    }

    @Test("step schedule, W_r = I: each segment ends on its closed form a = c² + W (b∘z)², y = b∘z/√a (rel. 1e-6)")
    func stepScheduleSettlesOnClosedForms() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let b = [0.5, 1.0, 2.0], b0 = [0.5, 1.0, 0.8], sigma = [0.1, 0.2, 0.25]
        let w = [[1.0, 0.5, 0.0], [0.2, 1.0, 0.3], [0.0, 0.0, 1.0]]
        let caseText = #"{"n": 3, "b": [0.5, 1.0, 2.0], "b0": [0.5, 1.0, 0.8], "sigma": [0.1, 0.2, 0.25], "tau_y": 0.002, "tau_a": [0.002, 0.004, 0.001], "z": [1, 1, 1], "W": [[1.0, 0.5, 0.0], [0.2, 1.0, 0.3], [0.0, 0.0, 1.0]]}"#
        let casePath = try CommandRunner.write(caseText, named: "case.json", in: directory)
        // Localized, delocalized, silent neuron, then a sign change.
        let inputs: [[Double]] = [[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.0, 2.0, 0.0], [-0.3, 0.1, 1.5]]
        // A silent neuron relaxes as y' = −√a y / τ_y: with c ≥ 0.2 that is ≥ 100/s, so 0.3 s
        // segments bring every coordinate within e^−30 of its segment's fixed point.
        let times = [0.0, 0.3, 0.6, 0.9]
        let csv = "t_s,z_1,z_2,z_3\n" + zip(times, inputs).map { "\($0),\($1.map { "\($0)" }.joined(separator: ","))" }.joined(separator: "\n")
        let schedule = try CommandRunner.write(csv, named: "steps.csv", in: directory)
        let out = directory.appendingPathComponent("traj.csv").path
        let result = try CommandRunner.run(["simulate", casePath, "--input-schedule", schedule, "--t-end", "1.2", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let (_, rows) = try Self.table(out)
        for (k, z) in inputs.enumerated() {
            let end = k + 1 < times.count ? times[k + 1] : 1.2
            guard let row = rows.first(where: { abs($0[0] - end) < 1e-12 }) else { Issue.record("no sample at \(end)"); continue }
            #expect(Array(row.suffix(3)) == z, "z columns hold segment \(k)'s input up to its end")
            for i in 0..<3 {
                let pool: Double = (b0[i] * sigma[i]) * (b0[i] * sigma[i])
                var a: Double = pool
                for j in 0..<3 {
                    let drive: Double = b[j] * z[j]
                    a += w[i][j] * drive * drive
                }
                let y = b[i] * z[i] / a.squareRoot()
                #expect(abs(row[1 + i] - y) <= 1e-6 * max(abs(y), 1e-3), "segment \(k) y_\(i + 1): \(row[1 + i]) vs \(y)")
                #expect(abs(row[4 + i] - a) <= 1e-6 * a, "segment \(k) a_\(i + 1): \(row[4 + i]) vs \(a)")
            }
        }
        // The summary agrees: every segment settled, within 1e-6 of its branch fixed point.
        #expect(result.standardOutput.components(separatedBy: "\"settled\": true").count - 1 == 4, "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("\"settled\": false"))
    }

    @Test("linear schedule: z columns interpolate between breakpoints; equal rows give the constant trajectory")
    func linearSchedule() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = try CommandRunner.write(ValidateCommandTests.example, named: "case.json", in: directory)
        let ramp = try CommandRunner.write("# interpolation: linear\nt_s,z_1,z_2,z_3\n0,0,0,0\n0.01,1,2,4\n", named: "ramp.csv", in: directory)
        let out = directory.appendingPathComponent("ramp-traj.csv").path
        let result = try CommandRunner.run(["simulate", casePath, "--input-schedule", ramp, "--t-end", "0.02", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        let (_, rows) = try Self.table(out)
        for row in rows {
            let s = min(row[0] / 0.01, 1)
            #expect(abs(row[7] - s) <= 1e-12 && abs(row[8] - 2 * s) <= 1e-12 && abs(row[9] - 4 * s) <= 1e-12, "t = \(row[0])")
        }
        let flatLinear = try CommandRunner.write("# interpolation: linear\nt_s,z_1,z_2,z_3\n0,1.0,0.2,0.0\n0.01,1.0,0.2,0.0\n", named: "flat.csv", in: directory)
        let flatConstant = try CommandRunner.write("t_s,z_1,z_2,z_3\n0,1.0,0.2,0.0\n0.01,1.0,0.2,0.0\n", named: "flat2.csv", in: directory)
        let a = directory.appendingPathComponent("a.csv").path, b = directory.appendingPathComponent("b.csv").path
        _ = try CommandRunner.run(["simulate", casePath, "--from", "random", "--seed", "3", "--input-schedule", flatLinear, "--t-end", "0.02", "--out", a])
        _ = try CommandRunner.run(["simulate", casePath, "--from", "random", "--seed", "3", "--input-schedule", flatConstant, "--t-end", "0.02", "--out", b])
        // Same field (the slope term is exactly zero); only the Rosenbrock ∂f/∂t path may differ, so compare to rtol-level.
        let (_, first) = try Self.table(a), (_, second) = try Self.table(b)
        #expect(first.count == second.count && !first.isEmpty)
        for (p, q) in zip(first, second) {
            for (u, v) in zip(p, q) { #expect(abs(u - v) <= 1e-7 * max(1, abs(v))) }
        }
    }

    @Test("bad schedules exit 64 naming the file and problem; no trajectory is written")
    func refusals() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = try CommandRunner.write(ValidateCommandTests.example, named: "case.json", in: directory)
        let out = directory.appendingPathComponent("traj.csv").path
        let cases: [(String, String)] = [
            ("t_s,z_1,z_2\n0,1,2\n", "the header must be t_s,z_1,…,z_3"),
            ("t_s,z_1,z_2,z_3\n0.1,1,2,3\n", "the first breakpoint must be at t_s = 0"),
            ("t_s,z_1,z_2,z_3\n0,1,2,3\n0,1,2,3\n", "must exceed the previous"),
            ("t_s,z_1,z_2,z_3\n0,1,2,x\n", "z_3 is not a finite number"),
            ("t_s,z_1,z_2,z_3\n0,1,2\n", "has 3 fields"),
            (#"{"interpolation": "cubic", "segments": [{"t_s": 0, "z": [1, 2, 3]}]}"#, "interpolation must be"),
            (#"{"segments": [{"t_s": 0, "z": [1, 2]}]}"#, "z has 2 entries, expected n = 3"),
        ]
        for (text, fragment) in cases {
            let schedule = try CommandRunner.write(text, named: "schedule.txt", in: directory)
            let result = try CommandRunner.run(["simulate", casePath, "--input-schedule", schedule, "--out", out])
            #expect(result.status == 64 && result.standardError.contains(fragment) && result.standardError.contains(schedule),
                    "\(text): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        // JSON segments are read like CSV.
        let json = try CommandRunner.write(#"{"interpolation": "constant", "segments": [{"t_s": 0, "z": [1.0, 0.2, 0.0]}]}"#, named: "ok.json", in: directory)
        let ok = try CommandRunner.run(["simulate", casePath, "--input-schedule", json, "--t-end", "0.01"])
        #expect(ok.status == 0, "\(ok.standardError)")
    }
}
