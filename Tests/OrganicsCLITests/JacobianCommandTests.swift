import Foundation
import Testing

@Suite("CLI: jacobian")
struct JacobianCommandTests {
    static let identityCase = """
    {"n": 3, "b": 0.5, "b0": 0.5, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.004, "z": [1.0, 0.2, 0.0]}
    """

    @Test("jacobian --format json at the closed form equals MATH.md §2 evaluated by hand (W_r = I, W = ones)")
    func matchesBlockFormula() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(Self.identityCase, named: "identity.json", in: directory)
        let result = try CommandRunner.run(["jacobian", path, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let matrix = object?["matrix"] as? [[Double]] ?? []
        try #require(matrix.count == 6)
        // Closed form: drives d = (0.5, 0.1, 0), c² = 0.0025, a_i = c² + Σ d² = 0.2625, y = d/√a.
        let d = [0.5, 0.1, 0.0], a = 0.0025 + 0.26, s = a.squareRoot(), tauY = 0.002, tauA = 0.004
        let y = d.map { $0 / s }
        for i in 0..<3 {
            for j in 0..<3 {
                let yy = i == j ? -s / tauY : 0                        // (-I + diag(1-s) I)/τ_y
                let ya = i == j ? -y[i] / (2 * s) / tauY : 0           // diag(-r/(2s))/τ_y, r = y
                let ay = 2 * a * y[j] / tauA                           // W = ones: row i = 2 a_j y_j
                let aa = ((i == j ? -1 : 0) + y[j] * y[j]) / tauA      // (-I + ones·diag(y²))/τ_a
                for (value, expected) in [(matrix[i][j], yy), (matrix[i][3 + j], ya), (matrix[3 + i][j], ay), (matrix[3 + i][3 + j], aa)] {
                    #expect(abs(value - expected) <= 1e-12 * 500, "(\(i),\(j)): \(value) vs \(expected)")
                }
            }
        }
        #expect(object?["differentiable"] as? Bool == true)
    }

    @Test("a state on a rectifier's kink is flagged on stderr; a state file of the wrong size exits 64")
    func kinksAndBadStates() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let rectified = Self.identityCase.replacingOccurrences(of: "\"n\": 3", with: "\"n\": 3, \"variant\": \"rectified\"")
        let path = try CommandRunner.write(rectified, named: "rectified.json", in: directory)
        let kink = try CommandRunner.write("{\"y\": [0.5, 0, 0.1], \"a\": [0.3, 0.3, 0.3]}", named: "kink.json", in: directory)
        let result = try CommandRunner.run(["jacobian", path, "--at", kink, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\"differentiable\": false"))
        #expect(!result.standardError.isEmpty)
        let short = try CommandRunner.write("{\"y\": [0.5], \"a\": [0.3]}", named: "short.json", in: directory)
        let refused = try CommandRunner.run(["jacobian", path, "--at", short])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("y must have 3 entries"))
    }

    @Test("jacobian on the format document's example (W_r ≠ I) evaluates at the branch fixed point that solve returns")
    func genericRecurrenceUsesBranch() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(ValidateCommandTests.example, named: "example.json", in: directory)
        let jacobian = try CommandRunner.run(["jacobian", path, "--format", "json"])
        #expect(jacobian.status == 0, "\(jacobian.standardError)")
        let solve = try CommandRunner.run(["solve", path, "--json"])
        let j = try JSONSerialization.jsonObject(with: Data(jacobian.standardOutput.utf8)) as? [String: Any]
        let s = try JSONSerialization.jsonObject(with: Data(solve.standardOutput.utf8)) as? [String: Any]
        let y = j?["y"] as? [Double] ?? [], expected = s?["y"] as? [Double] ?? [1]
        #expect(y == expected)
        #expect((j?["matrix"] as? [[Double]])?.count == 6)
    }
}
