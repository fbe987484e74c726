import Foundation
import Testing

@Suite("CLI: simulate")
struct SimulateCommandTests {
    @Test("simulate from a random start near the branch: CSV trajectory written, classified fixed-point at the branch (Theorem 1 circuit)")
    func simulateWritesTrajectory() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(JacobianCommandTests.identityCase, named: "identity.json", in: directory)
        let out = directory.appendingPathComponent("traj.csv").path
        let result = try CommandRunner.run(["simulate", path, "--from", "random", "--seed", "7", "--t-end", "0.2", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "fixed-point")
        let fixedPoint = json["fixed_point"] as? [String: Any]
        #expect((fixedPoint?["distance_to_branch"] as? Double ?? 1) < 1e-8)
        #expect(fixedPoint?["verdict"] as? String == "stable")
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "t_s,y_1,y_2,y_3,a_1,a_2,a_3")
        #expect(lines.count > 10)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count == 7 })
    }

    @Test("simulate refuses bad input with exit 64 and leaves no output file")
    func simulateRefusals() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(JacobianCommandTests.identityCase, named: "identity.json", in: directory)
        let out = directory.appendingPathComponent("traj.csv").path
        for arguments in [["--every", "0"], ["--t-end", "-1"], ["--from", "random"], ["--from", "/nonexistent.json"]] {
            let result = try CommandRunner.run(["simulate", path, "--out", out] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) left \(out)")
        }
        let bad = try CommandRunner.write("{\"n\": 1, \"b\": 1, \"z\": [1], \"b0\": 1, \"sigma\": 0, \"tau_y\": 1, \"tau_a\": 1}", named: "bad.json", in: directory)
        let result = try CommandRunner.run(["simulate", bad, "--out", out])
        #expect(result.status == 64)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("named starts: closed-form, first-order, zero, branch; 'normalization' is a deprecated alias of branch")
    func namedStarts() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(JacobianCommandTests.identityCase, named: "identity.json", in: directory)
        for start in ["closed-form", "first-order", "zero", "branch"] {
            let result = try CommandRunner.run(["simulate", path, "--from", start, "--json"])
            #expect(result.status == 0, "\(start): \(result.standardError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(json["from"] as? String == start)
            // W_r = I (Theorem 1): every start reaches the branch, certified.
            #expect(json["outcome"] as? String == "branch", "\(start)")
            let fixedPoint = try #require(json["fixed_point"] as? [String: Any])
            #expect(fixedPoint["certified_region"] is [String: Any], "\(start)")
            #expect(!result.standardError.contains("deprecated"))
        }
        let alias = try CommandRunner.run(["simulate", path, "--from", "normalization", "--json"])
        #expect(alias.status == 0)
        #expect(alias.standardError.contains("deprecated") && alias.standardError.contains("branch"))
        let branch = try CommandRunner.run(["simulate", path, "--from", "branch", "--json"])
        #expect(alias.standardOutput.replacingOccurrences(of: "\"normalization\"", with: "\"branch\"") == branch.standardOutput)
    }

    @Test("--scheme literature-euler replays the literature's method (JSON kind and outcome); bad schemes are refused")
    func literatureScheme() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(JacobianCommandTests.identityCase, named: "identity.json", in: directory)
        let result = try CommandRunner.run(["simulate", path, "--from", "closed-form", "--scheme", "literature-euler", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["scheme"] as? String == "literature-euler")
        #expect(json["kind"] as? String == "fixed-point")
        #expect(json["outcome"] as? String == "branch")
        for arguments in [["--scheme", "rk4"], ["--scheme", "literature-euler", "--t-end", "1"]] {
            #expect(try CommandRunner.run(["simulate", path] + arguments).status == 64, "\(arguments)")
        }
        let help = try CommandRunner.run(["simulate", "--help"])
        #expect(help.standardOutput.contains("literature-euler") && help.standardOutput.contains("replays"))
    }
}
