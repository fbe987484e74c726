import Foundation
import Testing

/// `organics scaling`: its statistics equal a direct computation from the sweeps' cells.csv
/// (issue 16's cross-validation), and mismatched sweeps are refused.
@Suite("CLI: scaling")
struct ScalingCommandTests {
    static func sweep(n: Int, into directory: URL, extra: [String] = []) throws -> String {
        let output = directory.appendingPathComponent("n\(n)").path
        let result = try CommandRunner.run(["sweep", "--set", "n=\(n)", "--set", "trials=6", "--set", "delta.count=2",
                                            "--set", "delta.min=0.02", "--set", "delta.max=0.08", "--set", "input_norm.count=1",
                                            "--set", "input_norm.min=0.01", "--set", "input_norm.max=0.01", "--set", "seed=\(n)",
                                            "--output", output, "--quiet", "--no-summaries"] + extra)
        #expect(result.status == 0, "\(result.standardError)")
        return output
    }

    /// (δ, n) → α·τ values read straight from cells.csv by column name.
    static func abscissas(_ directories: [String]) throws -> [String: [Double]] {
        var values: [String: [Double]] = [:]
        for directory in directories {
            let lines = try String(contentsOfFile: directory + "/cells.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let column = { (name: String) in header.firstIndex(of: name)! }
            for line in lines.dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard let value = Double(fields[column("abscissa_times_tau")]) else { continue }
                values["\(fields[column("delta")]) \(fields[column("n")])", default: []].append(value)
            }
        }
        return values
    }

    @Test("scaling.csv's mean, std and median equal a direct computation from cells.csv")
    func statisticsMatchCells() throws {
        let base = try CommandRunner.temporaryDirectory()
        let directories = try [12, 24, 48].map { try Self.sweep(n: $0, into: base) }
        let output = base.appendingPathComponent("scaling").path
        let result = try CommandRunner.run(["scaling"] + directories + ["--output", output, "--bootstrap", "20"])
        #expect(result.status == 0, "\(result.standardError)")
        for file in ["scaling.csv", "scaling-fits.csv", "scaling-histograms.csv", "scaling-outcomes.csv", "scaling.svg"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file)")
        }
        let direct = try Self.abscissas(directories)
        let lines = try String(contentsOfFile: output + "/scaling.csv", encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        var checked = 0
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func value(_ name: String) -> Double { Double(fields[header.firstIndex(of: name)!])! }
            let values = try #require(direct["\(fields[0]) \(fields[2])"])
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            let sorted = values.sorted()
            let median = values.count % 2 == 0 ? 0.5 * (sorted[values.count / 2 - 1] + sorted[values.count / 2]) : sorted[values.count / 2]
            // Same sums in another order: agreement to a few ulp of the values' scale.
            #expect(abs(value("mean_abscissa_times_tau") - mean) <= 1e-14 * abs(mean))
            #expect(abs(value("std_abscissa_times_tau") - std) <= 1e-10 * std)
            #expect(abs(value("median") - median) <= 1e-14 * abs(median))
            #expect(Int(value("with_spectrum")) == values.count)
            checked += 1
        }
        #expect(checked == 6)  // 2 δ × 3 n
    }

    @Test("sweeps that differ in more than n are refused with 64")
    func mismatchedSweeps() throws {
        let base = try CommandRunner.temporaryDirectory()
        let first = try Self.sweep(n: 12, into: base)
        let other = try Self.sweep(n: 24, into: base, extra: ["--set", "sigma=0.2"])
        let result = try CommandRunner.run(["scaling", first, other, "--output", base.appendingPathComponent("s").path])
        #expect(result.status == 64)
        #expect(result.standardError.contains("another config"))
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("s/scaling.csv").path))
    }
}
