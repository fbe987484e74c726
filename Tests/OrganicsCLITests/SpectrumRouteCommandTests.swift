import Foundation
import Testing

/// `organics spectrum --route` (proofs/structure.md §9.5): which linear algebra produced the
/// eigenvalues is printed, and the routes agree.
@Suite("CLI: spectrum --route")
struct SpectrumRouteCommandTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// W = ones, uniform τ_a, W_r with a symmetric coupling: `auto` and `structured` take the
    /// bordered route (order n + 1 = 4), `dense` the 2n × 2n one; eigenvalues (sorted the same
    /// way) agree within the sum of the two printed error bounds d₁ or 10⁻⁹ 1/s, whichever is
    /// larger (10⁻¹¹ relative to |λ| ≈ 100 1/s here; the library test compares every band),
    /// and the verdicts are equal (eq. 9.5).
    @Test("spectrum --route auto, structured and dense on W = ones: the route is named and the spectra agree (structure.md eq. 9.5)")
    func routesAgree() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write("""
            {"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [0.4, 0.2, 0.1],
             "W_r": [[1.0, 0.3, 0.1], [0.3, 0.9, 0.2], [0.1, 0.2, 1.1]], "W": "ones"}
            """, named: "ones.json", in: directory)
        var results: [String: [String: Any]] = [:]
        for route in ["auto", "structured", "dense"] {
            let result = try CommandRunner.run(["spectrum", path, "--route", route, "--json"])
            #expect(result.status == 0, "\(result.standardError)")
            results[route] = try object(result.standardOutput)
        }
        #expect(results["auto"]?["spectrum_route"] as? String == "structured")
        #expect(results["structured"]?["spectrum_route"] as? String == "structured")
        #expect(results["dense"]?["spectrum_route"] as? String == "dense")
        let dense = results["dense"]?["eigenvalues"] as? [[Double]] ?? []
        let structured = results["structured"]?["eigenvalues"] as? [[Double]] ?? []
        try #require(dense.count == 6 && structured.count == 6)
        let bound = (results["dense"]?["error_bound_per_s"] as? Double ?? 0) + (results["structured"]?["error_bound_per_s"] as? Double ?? 0)
        for (d, s) in zip(dense, structured) {
            #expect(hypot(d[0] - s[0], d[1] - s[1]) <= max(bound, 1e-9), "\(d) vs \(s)")
        }
        #expect(results["dense"]?["verdict"] as? String == results["structured"]?["verdict"] as? String)
        let text = try CommandRunner.run(["spectrum", path, "--route", "structured"])
        #expect(text.standardOutput.contains("eigenvalues by: structured"))
    }

    @Test("spectrum --route structured without a rank-one W falls back to dense and says so (structure.md §9.5)")
    func fallbackIsNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = try CommandRunner.write("""
            {"n": 2, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [0.4, 0.2], "W_r": "identity", "W": "identity"}
            """, named: "identity.json", in: directory)
        let result = try CommandRunner.run(["spectrum", path, "--route", "structured", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result.standardOutput)
        #expect(json["spectrum_route"] as? String == "fallback")
        #expect((json["spectrum_route_detail"] as? String ?? "").contains("no rank-one structure"))
        let refused = try CommandRunner.run(["spectrum", path, "--route", "sideways"])
        #expect(refused.status == 64)
    }
    /// The text output of `solve` names the linear algebra of the Newton systems and, when
    /// --route structured cannot apply (W of rank > 1), says why instead of falling back silently.
    @Test("solve names its linear algebra: structured on W = ones, dense with the reason on a W of rank 3 or with --route dense")
    func solveNamesItsRoute() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ones = try CommandRunner.write("""
            {"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [0.4, 0.2, 0.1],
             "W_r": [[1.0, 0.3, 0.1], [0.3, 0.9, 0.2], [0.1, 0.2, 1.1]], "W": "ones"}
            """, named: "ones.json", in: directory)
        let full = try CommandRunner.write("""
            {"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [0.4, 0.2, 0.1],
             "W_r": [[1.0, 0.3, 0.1], [0.3, 0.9, 0.2], [0.1, 0.2, 1.1]], "W": [[1, 0.5, 0.2], [0.1, 1, 0.3], [0.4, 0.2, 1]]}
            """, named: "full.json", in: directory)
        let cases: [(String, [String], String)] = [
            (ones, [], "linear algebra: structured, one 4 × 4 LU per Newton step (W has rank one)"),
            (ones, ["--route", "dense"], "linear algebra: dense, one 6 × 6 LU per Newton step (--route dense)"),
            (full, ["--route", "structured"],
             "linear algebra: dense, one 6 × 6 LU per Newton step (W has no rank-one structure, so --route structured could not apply)"),
        ]
        for (path, options, line) in cases {
            let result = try CommandRunner.run(["solve", path] + options)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains(line), "\(options): \(result.standardOutput)")
        }
    }
}
