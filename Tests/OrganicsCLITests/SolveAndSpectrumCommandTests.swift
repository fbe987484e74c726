import CircuitModel
import Foundation
import Testing

@Suite("CLI: solve and spectrum")
struct SolveAndSpectrumCommandTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("solve --json on the format document's example: converged, residual < 1e-12, F(y, a) ≈ 0 by CircuitModel, stable")
    func solveExample() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(ValidateCommandTests.example, named: "example.json", in: directory)
        let result = try CommandRunner.run(["solve", path, "--json", "--certificate"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result.standardOutput)
        #expect(json["converged"] as? Bool == true)
        #expect(json["branch"] as? String == "continued")
        #expect((json["residual"] as? Double ?? 1) < 1e-12)
        // Independent check of the printed point: the residual computed here from the case.
        let circuit = try CaseFile.decode(ValidateCommandTests.example)
        let x = (json["y"] as? [Double] ?? []) + (json["a"] as? [Double] ?? [])
        try #require(x.count == 6)
        let f = circuit.residual(at: x), scale = circuit.residualScale(at: x)
        for k in 0..<6 { #expect(abs(f[k]) <= 1e-12 * scale[k]) }
        #expect(json["verdict"] as? String == "stable")
        #expect(json["stable"] as? Bool == true)
        #expect(json["certificate"] as? String == "certified")
        let eigenvalues = json["eigenvalues"] as? [[Double]] ?? []
        #expect(eigenvalues.count == 6)
        #expect(eigenvalues.first?.first == json["spectral_abscissa"] as? Double)
    }

    @Test("solve --jsonl: a bad file yields an error line naming it, the others still run, exit 64")
    func solveJSONLinesWithABadFile() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let good = try CommandRunner.write(ValidateCommandTests.example, named: "good.json", in: directory)
        let bad = try CommandRunner.write("{\"n\": 1}", named: "bad.json", in: directory)
        let result = try CommandRunner.run(["solve", good, bad, good, "--jsonl"])
        #expect(result.status == 64)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        #expect(try object(lines[0])["case"] as? String == good)
        #expect(try object(lines[0])["converged"] as? Bool == true)
        #expect(try object(lines[1])["case"] as? String == bad)
        #expect((try object(lines[1])["error"] as? String ?? "").contains("missing required key"))
        #expect(try object(lines[2])["converged"] as? Bool == true)
    }

    @Test("solve: a missing file, an invalid case and a state file of the wrong size exit 64 with the input named")
    func solveRefusals() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let missing = try CommandRunner.run(["solve", "/nonexistent.json"])
        #expect(missing.status == 64 && missing.standardError.contains("no such file"))
        let good = try CommandRunner.write(ValidateCommandTests.example, named: "good.json", in: directory)
        let state = try CommandRunner.write("{\"y\": [1, 2], \"a\": [1, 2]}", named: "state.json", in: directory)
        let wrongSize = try CommandRunner.run(["solve", good, "--from", state])
        #expect(wrongSize.status == 64)
        #expect(wrongSize.standardError.contains("y must have 3 entries"))
        let invalid = try CommandRunner.write("{\"n\": 1, \"b\": 1, \"z\": [1], \"b0\": 1, \"sigma\": 0.1, \"tau_y\": -1, \"tau_a\": 1}", named: "tau.json", in: directory)
        let refused = try CommandRunner.run(["solve", invalid, "--json"])
        #expect(refused.status == 64 && refused.standardError.contains("tau_y must be > 0"))
        #expect(refused.standardOutput.isEmpty)
    }

    @Test("spectrum --at a state with a known unstable Jacobian: λ = (−1 + (1−√a) w_r)/τ_y exactly, refuted certificate")
    func spectrumOfAKnownUnstableState() throws {
        // n = 1, paper, w_r = 3, at y = 0, a = 0.01: J = [[(−1 + 0.9·3)/τ_y, 0], [0, −1/τ_a]] (MATH.md §2).
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write("{\"n\": 1, \"b\": 1, \"z\": [0.5], \"b0\": 1, \"sigma\": 0.1, \"tau_y\": 1, \"tau_a\": 2, \"W_r\": [[3]]}",
                                           named: "one.json", in: directory)
        let state = try CommandRunner.write("{\"y\": [0], \"a\": [0.01]}", named: "state.json", in: directory)
        let result = try CommandRunner.run(["spectrum", path, "--at", state, "--format", "json", "--certificate"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result.standardOutput)
        #expect(abs((json["spectral_abscissa"] as? Double ?? 0) - 1.7) < 1e-12)
        #expect(json["verdict"] as? String == "unstable")
        #expect(json["certificate"] as? String == "refuted")
    }

    @Test("spectrum --certificate prints the verified margin β ≤ |α|: diagonal J = diag(−0.55, −0.5), β = 1/(2 λ_max(P)) = 0.5")
    func certificateMarginIsPrinted() throws {
        // n = 1, paper, w_r = 1/2 at y = 0, a = 0.01: J = diag((−1 + 0.9·0.5)/τ_y, −1/τ_a) with τ = (1, 2)
        // (docs/model-background.md §2): P = diag(1/1.1, 1), Q = I, so α(J) = −0.5 and β = q/(2 p_max) = 0.5 exactly;
        // the verified β lies below it by the Cholesky shift (0.99) and rounding.
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write("{\"n\": 1, \"b\": 1, \"z\": [0.5], \"b0\": 1, \"sigma\": 0.1, \"tau_y\": 1, \"tau_a\": 2, \"W_r\": [[0.5]]}",
                                           named: "one.json", in: directory)
        let state = try CommandRunner.write("{\"y\": [0], \"a\": [0.01]}", named: "state.json", in: directory)
        let result = try CommandRunner.run(["spectrum", path, "--at", state, "--format", "json", "--certificate"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result.standardOutput)
        #expect(json["certificate"] as? String == "certified")
        let margin = try #require(json["certificate_margin"] as? Double)
        #expect(margin <= 0.5 && margin >= 0.45, "β = \(margin)")
        #expect(json["verdict_rule"] as? String == "first-order band")
        let text = try CommandRunner.run(["spectrum", path, "--at", state, "--certificate"])
        #expect(text.standardOutput.contains("margin β = "))
        #expect(text.standardOutput.contains("α(J) ≤ −β"))
        #expect(text.standardOutput.contains("decided by: first-order band"))
    }

    @Test("spectrum --energy: V(δx(t)) decreases monotonically for a certified fixed point (W_r = I, Theorem 1)")
    func energyDecreases() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(JacobianCommandTests.identityCase, named: "identity.json", in: directory)
        let result = try CommandRunner.run(["spectrum", path, "--energy", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result.standardOutput)
        #expect(json["certificate"] as? String == "certified")
        let samples = json["energy"] as? [[Double]] ?? []
        try #require(samples.count == 21)
        for k in 1..<samples.count { #expect(samples[k][1] < samples[k - 1][1], "V rose at sample \(k)") }
        let csv = try CommandRunner.run(["spectrum", path, "--format", "csv"])
        #expect(csv.standardOutput.hasPrefix("index,real_per_s,imaginary_per_s,frequency_hz\n"))
        #expect(csv.standardOutput.split(separator: "\n").count == 7)
    }
}
