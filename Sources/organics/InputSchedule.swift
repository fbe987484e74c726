import CircuitModel
import Foundation

/// A time-varying input z(t) for `organics simulate --input-schedule FILE` (docs/numpy-arrays.md).
///
/// Breakpoints t_0 = 0 < t_1 < … < t_{K−1} with inputs z^(0) … z^(K−1). Between breakpoints:
/// - `constant`: z(t) = z^(k) on [t_k, t_{k+1}) (steps at each t_k);
/// - `linear`:   z(t) = z^(k) + (t − t_k)/(t_{k+1} − t_k) · (z^(k+1) − z^(k)) (kinks at each t_k).
/// After the last breakpoint z stays z^(K−1). Segment k is [t_k, t_{k+1}] (the last one ends
/// at the simulation's end), and the integrator is restarted at every t_k, so no step
/// straddles a discontinuity of z or of its derivative.
///
/// Files: CSV with the header `t_s,z_1,…,z_n` and one breakpoint per line (`#` lines are
/// comments; `# interpolation: linear` selects linear), or JSON
/// `{"interpolation": "constant" | "linear", "segments": [{"t_s": 0, "z": [...]}, …]}`.
struct InputSchedule: Sendable {
    enum Interpolation: String, Sendable { case constant, linear }

    let times: [Double]
    let inputs: [[Double]]
    let interpolation: Interpolation

    /// z at time t inside segment `segment` (t in [t_k, t_{k+1}]).
    func input(at time: Double, segment k: Int) -> [Double] {
        guard interpolation == .linear, k + 1 < times.count else { return inputs[k] }
        let s = (time - times[k]) / (times[k + 1] - times[k])
        return zip(inputs[k], inputs[k + 1]).map { $0 + s * ($1 - $0) }
    }

    static func load(path: String, neuronCount n: Int) throws -> InputSchedule {
        let text: String
        do { text = try TextFile.read(path) } catch { throw InputError(message: "\(error)") }
        func refuse(_ problem: String) -> InputError { InputError(message: "\(path): \(problem)") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var times: [Double] = [], inputs: [[Double]] = []
        var interpolation = Interpolation.constant
        if trimmed.hasPrefix("{") {
            let value: JSONValue
            do { value = try JSONParser.parse(text) } catch { throw refuse("malformed JSON at \(error)") }
            guard case .object(let members) = value else { throw refuse("a schedule must be a JSON object") }
            var segments: [JSONValue]?
            for (key, member) in members {
                switch (key, member) {
                case ("interpolation", .string(let word)):
                    guard let parsed = Interpolation(rawValue: word) else { throw refuse("interpolation must be \"constant\" or \"linear\", found \"\(word)\"") }
                    interpolation = parsed
                case ("segments", .array(let items)): segments = items
                default: throw refuse("unexpected key '\(key)' or wrong type (keys: \"interpolation\": string, \"segments\": array)")
                }
            }
            guard let segments, !segments.isEmpty else { throw refuse("missing or empty \"segments\"") }
            for (k, segment) in segments.enumerated() {
                guard case .object(let fields) = segment, fields.count == 2,
                      case .number(let timeText)? = fields.first(where: { $0.key == "t_s" })?.value,
                      case .array(let entries)? = fields.first(where: { $0.key == "z" })?.value
                else { throw refuse("segments[\(k)] must be {\"t_s\": number, \"z\": [n numbers]}") }
                times.append(Double(timeText) ?? .nan)
                inputs.append(entries.map { entry -> Double in
                    if case .number(let text) = entry { return Double(text) ?? .nan }
                    return .nan
                })
            }
        } else {
            var sawHeader = false
            for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let row = line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
                if row.isEmpty { continue }
                if row.hasPrefix("#") {
                    let comment = row.dropFirst().trimmingCharacters(in: .whitespaces)
                    if comment.hasPrefix("interpolation:") {
                        let word = comment.dropFirst("interpolation:".count).trimmingCharacters(in: .whitespaces)
                        guard let parsed = Interpolation(rawValue: word) else { throw refuse("line \(lineIndex + 1): interpolation must be constant or linear") }
                        interpolation = parsed
                    }
                    continue
                }
                let fields = row.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if !sawHeader {
                    let expected = ["t_s"] + (1...n).map { "z_\($0)" }
                    guard fields == expected else { throw refuse("line \(lineIndex + 1): the header must be t_s,z_1,…,z_\(n)") }
                    sawHeader = true
                    continue
                }
                guard fields.count == n + 1 else { throw refuse("line \(lineIndex + 1) has \(fields.count) fields, expected 1 + n = \(n + 1)") }
                times.append(Double(fields[0]) ?? .nan)
                inputs.append(fields.dropFirst().map { Double($0) ?? .nan })
            }
        }
        guard !times.isEmpty else { throw refuse("no breakpoints") }
        guard times[0] == 0 else { throw refuse("the first breakpoint must be at t_s = 0, found \(times[0])") }
        for k in times.indices {
            guard times[k].isFinite else { throw refuse("breakpoint \(k): t_s is not a finite number") }
            guard inputs[k].count == n else { throw refuse("breakpoint \(k): z has \(inputs[k].count) entries, expected n = \(n)") }
            if let j = inputs[k].firstIndex(where: { !$0.isFinite }) { throw refuse("breakpoint \(k): z_\(j + 1) is not a finite number") }
            if k > 0, !(times[k] > times[k - 1]) { throw refuse("breakpoint \(k): t_s = \(times[k]) must exceed the previous \(times[k - 1])") }
        }
        return InputSchedule(times: times, inputs: inputs, interpolation: interpolation)
    }
}
