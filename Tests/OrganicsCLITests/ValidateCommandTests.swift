import Foundation
import Testing

/// `organics validate` and `organics normalization` run as a user runs them.
@Suite("CLI: validate and normalization")
struct ValidateCommandTests {
    static let example = """
    {
      "name": "three neurons, generic recurrence",
      "variant": "paper",
      "n": 3,
      "b": 0.5, "b0": 0.5, "sigma": 0.1,
      "tau_y": 0.002, "tau_a": 0.002,
      "z": [1.0, 0.2, 0.0],
      "W_r": [[1.0, 0.3, 0.0], [0.1, 0.9, 0.2], [0.0, 0.4, 1.1]],
      "W": "ones"
    }
    """

    @Test("the format document's example validates, exit 0, with the theorem's hypotheses")
    func validExample() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(Self.example, named: "example.json", in: directory)
        let result = try CommandRunner.run(["validate", path])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("n = 3, variant paper"))
        #expect(result.standardOutput.contains("W_r = I:          no"))
        #expect(result.standardError.isEmpty)
    }

    /// (edit of the example, text the error message must contain)
    static let refusals: [(String, String, String)] = [
        ("\"n\": 3,", "\"n\": 3,,", "malformed JSON"),
        ("\"W\": \"ones\"", "\"W\": \"ones\", \"Wr\": 1", "unknown key 'Wr'"),
        ("\"tau_a\": 0.002,", "", "missing required key 'tau_a'"),
        ("\"z\": [1.0, 0.2, 0.0]", "\"z\": [1.0, 0.2]", "z must have 3 entries"),
        ("[0.0, 0.4, 1.1]", "[0.0, 0.4]", "W_r[2] must have 3 entries"),
        ("\"b\": 0.5", "\"b\": 1e999", "b must be a finite number, found 1e999"),
        ("\"n\": 3", "\"n\": 0", "n must be an integer ≥ 1, found 0"),
        ("\"tau_y\": 0.002", "\"tau_y\": [0.002, -0.002, 0.002]", "tau_y[1] must be > 0, found -0.002"),
        ("\"sigma\": 0.1", "\"sigma\": 0", "(b0[0] · sigma[0])² must be > 0"),
        ("\"variant\": \"paper\"", "\"variant\": \"Paper\"", "variant must be one of"),
    ]

    @Test("each malformed case class exits 64, names the problem on stderr, prints nothing on stdout",
          arguments: 0..<refusals.count)
    func refusal(index: Int) throws {
        let (original, replacement, message) = Self.refusals[index]
        let directory = try CommandRunner.temporaryDirectory()
        let text = Self.example.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.example, "the edit did not apply")
        let path = try CommandRunner.write(text, named: "bad.json", in: directory)
        for command in ["validate", "normalization"] {
            let result = try CommandRunner.run([command, path])
            #expect(result.status == 64, "\(command): status \(result.status)")
            #expect(result.standardError.contains(message), "\(command) stderr: \(result.standardError)")
            #expect(result.standardError.contains(path))
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test("a missing file exits 64 with 'no such file'")
    func missingFile() throws {
        let result = try CommandRunner.run(["validate", "/nonexistent/case.json"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("no such file"))
    }

    @Test("negative W is accepted with a warning naming the theorem")
    func negativeWeights() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let text = Self.example.replacingOccurrences(of: "\"W\": \"ones\"", with: "\"W\": [[1, -1, 0], [0, 1, 0], [0, 0, 1]]")
        let path = try CommandRunner.write(text, named: "negative.json", in: directory)
        let result = try CommandRunner.run(["validate", path, "--json"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\"W_nonnegative\": false"))
        #expect(result.standardError.contains("outside the hypotheses"))
    }

    @Test("normalization --json prints the closed form (checked against the DN equation) and refuses W_r ≠ I")
    func normalization() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let identity = Self.example.replacingOccurrences(of: "\"W_r\": [[1.0, 0.3, 0.0], [0.1, 0.9, 0.2], [0.0, 0.4, 1.1]],", with: "")
        let path = try CommandRunner.write(identity, named: "identity.json", in: directory)
        let result = try CommandRunner.run(["normalization", path, "--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let y = object?["y"] as? [Double] ?? []
        // y_i² = (b z_i)² / (c² + Σ_j (b z_j)²), b = 0.5, c² = (0.5·0.1)² = 0.0025.
        let drives = [0.5, 0.1, 0.0]
        let denominator = 0.0025 + drives.reduce(0) { $0 + $1 * $1 }
        #expect(y.count == 3)
        for i in 0..<min(3, y.count) { #expect(abs(y[i] * y[i] - drives[i] * drives[i] / denominator) < 1e-14) }
        let refused = try CommandRunner.run(["normalization", try CommandRunner.write(Self.example, named: "g.json", in: directory)])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("needs W_r = identity"))
    }

    @Test("--help teaches: lists the commands and the exit statuses")
    func help() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("validate"))
        #expect(result.standardOutput.contains("64 bad input"))
    }
}
