import Foundation
import Testing

@Suite("solve's fold evidence, --follow-fold and check2d --digits (proofs/newton.md §7.8–7.9)")
struct FoldCommandTests {
    /// One neuron, w = −1, b z = 0.1, c² = 0.25, w_r: 1 → 2: the fold of ContinuationTests
    /// (t* = 0.4587831006909116 from the quartic).
    static let foldCase = """
    {"name": "one neuron fold", "variant": "paper", "n": 1, "b": [1], "b0": [1], "sigma": [0.5], "tau_y": [0.002],
     "tau_a": [0.002], "z": [0.1], "W_r": [[2]], "W": [[-1]]}
    """

    private func members(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Checks proofs/newton.md §7.8.
    @Test("solve --json on a folding circuit: branch folded with fold_t = t* to 1e-10, rcond ≈ 0, dt/ds changing sign")
    func foldEvidence() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write(Self.foldCase, named: "fold.json", in: directory)
        let result = try CommandRunner.run(["solve", path, "--json", "--follow-fold"])
        #expect(result.status == 0)
        let object = try members(result.standardOutput)
        #expect(object["branch"] as? String == "folded")
        let foldT = try #require(object["fold_t"] as? Double)
        #expect(abs(foldT - 0.4587831006909116) <= 1e-10)
        #expect(try #require(object["fold_rcond"] as? Double) <= 1e-8)
        let before = try #require(object["fold_tangent_t_before"] as? Double), after = try #require(object["fold_tangent_t_after"] as? Double)
        #expect(before > 0 && after < 0)
        #expect(try #require(object["fold_null_vector_overlap"] as? Double) >= 0.999)
        // Past the fold the partner root heads for a → 0 as t → 0 (s₀ = (w_r − 1)/w_r → 0): it
        // never returns to t = 1, so no fixed point is claimed there.
        let past = try #require(object["past_fold"] as? String)
        #expect(past != "fixed-point-past-fold", "past the fold: \(past)")
    }

    @Test("z = 0, w_r = 2: solve names the pitchfork (branch-point, t = 3/7) and prints y = 0; check2d marks every point off branch")
    func pitchfork() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write("""
            {"variant": "paper", "n": 1, "b": [1], "b0": [1], "sigma": [0.3], "tau_y": [0.002], "tau_a": [0.002],
             "z": [0], "W_r": [[2]], "W": "ones"}
            """, named: "pitchfork.json", in: directory)
        let solve = try members(CommandRunner.run(["solve", path, "--json"]).standardOutput)
        #expect(solve["branch"] as? String == "branch-point")
        #expect(abs(try #require(solve["branch_point_t"] as? Double) - 3.0 / 7.0) <= 1e-10)
        let check = try members(CommandRunner.run(["check2d", "--wr", "2", "--w", "1", "--b", "1", "--z", "0", "--b0", "1",
                                                   "--sigma", "3/10", "--tau-y", "1/500", "--tau-a", "1/500", "--json"])
            .standardOutput)
        let points = try #require(check["fixed_points"] as? [[String: Any]])
        #expect(points.count == 3 && points.allSatisfy { $0["on_branch"] as? Bool == false })
    }

    @Test("check2d --digits K prints K significant digits, also for a tiny y")
    func significantDigits() throws {
        // b z = 1e-11, w_r = 1: y ≈ 1e-11, where 20 places after the point would keep 9 digits.
        let result = try CommandRunner.run(["check2d", "--wr", "1", "--w", "1", "--b", "1", "--z", "1/100000000000", "--b0", "1",
                                            "--sigma", "1", "--tau-y", "1", "--tau-a", "1", "--digits", "20", "--json"])
        #expect(result.status == 0)
        let object = try members(result.standardOutput)
        let point = try #require((object["fixed_points"] as? [[String: Any]])?.first)
        let y = try #require(point["y"] as? String)
        // W_r = 1: y = b z / √a, a = c² + w (b z)² = 1 + 1e-22, so y = 1e-11 (1 − ½·1e-22 + …):
        // to 20 significant digits 9.9999999999999999999e-12 or 1.0000000000000000000e-11.
        let mantissa = y.split(separator: "e").first.map(String.init) ?? y
        let digits = mantissa.filter(\.isNumber)
        #expect(digits.count == 20, "y = \(y)")
        #expect(y.hasSuffix("e-12") || y.hasSuffix("e-11"), "y = \(y)")
        #expect(abs(try #require(Double(y)) - 1e-11) <= 1e-26)
    }
}
