import CircuitModel
import Dynamics
import Foundation
import LinearAlgebra

extension SweepConfig {
    /// The keys a config file may contain (sweeps/README.md); anything else is refused.
    public static let allowedKeys = [
        "name", "variant", "ensemble", "recurrence", "mean", "connectivity", "tail_exponent", "normalization_weights",
        "input_kind", "n", "b", "b0", "sigma", "tau_y", "tau_a", "delta", "input_norm", "trials", "seed",
        "certificate", "simulate", "starts", "literature_replay", "bisection_tolerance", "linear_algebra",
    ]
    static let axisKeys = ["min", "max", "count", "spacing"]

    /// Reads the config file at `path` (or the defaults when nil) and applies `overrides`
    /// ("KEY=VALUE", VALUE as JSON or a bare string; "delta.count=4" reaches into a grid).
    public static func load(path: String?, overrides: [String] = []) throws(SweepConfigError) -> SweepConfig {
        var text = "{}"
        if let path {
            do { text = try TextFile.read(path) } catch { throw .unreadableFile(path: path, reason: error.reason) }
        }
        return try decode(text, overrides: overrides)
    }

    /// Decodes config JSON text, strictly: unknown or duplicated keys, wrong types and values
    /// out of range are `SweepConfigError`s naming the key. A sweep's own record (config.json
    /// of an output directory, `"format": "organics-sweep 1"`) is accepted too: its "config"
    /// object, seed included, is the config, so a sweep can be re-run from its record.
    public static func decode(_ text: String, overrides: [String] = []) throws(SweepConfigError) -> SweepConfig {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw .malformedJSON(error) }
        return try decode(value: recordConfig(in: value) ?? value, overrides: overrides)
    }

    /// The "config" member of a sweep record (`SweepRecord.format`), or nil for anything else.
    private static func recordConfig(in value: JSONValue) -> JSONValue? {
        guard case .object(let members) = value,
              members.contains(where: { $0.0 == "format" && $0.1 == .string(SweepRecord.format) })
        else { return nil }
        return members.first(where: { $0.0 == "config" })?.1
    }

    /// Decodes an already parsed config object (as stored under "config" in config.json).
    public static func decode(value: JSONValue, overrides: [String] = []) throws(SweepConfigError) -> SweepConfig {
        guard case .object(let members) = value else { throw .notAnObject(found: value.kindDescription) }
        var fields: [String: JSONValue] = [:]
        for (key, field) in members {
            guard allowedKeys.contains(key) else { throw .unknownKey(key) }
            guard fields[key] == nil else { throw .duplicateKey(key) }
            fields[key] = field
        }
        for override in overrides { try apply(override, to: &fields) }
        return try decode(fields: fields)
    }

    private static func apply(_ override: String, to fields: inout [String: JSONValue]) throws(SweepConfigError) {
        guard let equals = override.firstIndex(of: "=") else { throw .malformedOverride(override) }
        let path = override[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let text = String(override[override.index(after: equals)...])
        let value = (try? JSONParser.parse(text)) ?? .string(text)
        guard let key = path.first, !key.isEmpty, path.count <= 2 else { throw .malformedOverride(override) }
        guard allowedKeys.contains(key) else { throw .unknownKey(key) }
        if path.count == 1 { fields[key] = value; return }
        guard key == "delta" || key == "input_norm" else { throw .malformedOverride(override) }
        guard axisKeys.contains(path[1]) else { throw .unknownKey("\(key).\(path[1])") }
        var members: [(key: String, value: JSONValue)] = []
        if case .object(let existing)? = fields[key] { members = existing.filter { $0.key != path[1] } }
        members.append((path[1], value))
        fields[key] = .object(members)
    }

    private static func decode(fields: [String: JSONValue]) throws(SweepConfigError) -> SweepConfig {
        var config = SweepConfig()
        if let field = fields["name"] { config.name = try string(field, key: "name") }
        if let field = fields["variant"] { config.variant = try choice(field, key: "variant") }
        if let field = fields["ensemble"] { config.ensemble = try choice(field, key: "ensemble") }
        if let field = fields["recurrence"] { config.recurrence = try choice(field, key: "recurrence") }
        if let field = fields["normalization_weights"] {
            config.normalizationWeights = try choice(field, key: "normalization_weights")
        }
        if let field = fields["input_kind"] { config.inputKind = try choice(field, key: "input_kind") }
        if let field = fields["n"] {
            if case .array(let entries) = field {
                guard !entries.isEmpty, entries.count <= 32 else {
                    throw .outOfRange(key: "n", value: "\(entries.count) sizes", requirement: "a number or a list of 1…32 sizes")
                }
                config.neuronCounts = try entries.enumerated().map { index, entry throws(SweepConfigError) in
                    try integer(entry, key: "n[\(index)]", range: 1...2000)
                }
                guard Set(config.neuronCounts).count == config.neuronCounts.count else {
                    throw .outOfRange(key: "n", value: "\(config.neuronCounts)", requirement: "distinct sizes")
                }
            } else {
                config.neuronCount = try integer(field, key: "n", range: 1...2000)
            }
        }
        if let field = fields["trials"] { config.trials = try integer(field, key: "trials", range: 1...10_000_000) }
        if let field = fields["mean"] { config.mean = try number(field, key: "mean") }
        if let field = fields["connectivity"] { config.connectivity = try number(field, key: "connectivity") }
        let sparse = config.ensemble == .sparse || config.ensemble == .sparseSymmetric
        let smallest = config.neuronCounts.min() ?? config.neuronCount
        guard config.connectivity > 0, !sparse || config.connectivity <= Double(smallest) else {
            throw .outOfRange(key: "connectivity", value: "\(config.connectivity)", requirement: "in (0, n] (n = \(smallest)) for a sparse ensemble")
        }
        if let field = fields["tail_exponent"] { config.tailExponent = try number(field, key: "tail_exponent") }
        guard config.tailExponent > 0 else {
            throw .outOfRange(key: "tail_exponent", value: "\(config.tailExponent)", requirement: "> 0")
        }
        // With several sizes a per-neuron key must be one number (broadcast to every n).
        let n = config.neuronCounts.count == 1 ? config.neuronCount : 1
        if let field = fields["b"] { config.inputGain = try perNeuron(field, key: "b", n: n) }
        if let field = fields["b0"] { config.normalizationGain = try perNeuron(field, key: "b0", n: n) }
        if let field = fields["sigma"] { config.sigma = try perNeuron(field, key: "sigma", n: n) }
        if let field = fields["tau_y"] { config.tauY = try perNeuron(field, key: "tau_y", n: n) }
        if let field = fields["tau_a"] { config.tauA = try perNeuron(field, key: "tau_a", n: n) }
        for (key, values) in [("tau_y", config.tauY), ("tau_a", config.tauA)] where values.contains(where: { $0 <= 0 }) {
            throw .outOfRange(key: key, value: "\(values.first { $0 <= 0 } ?? 0)", requirement: "> 0 (seconds)")
        }
        let pool = zip(config.perNeuron(config.normalizationGain), config.perNeuron(config.sigma)).map { $0 * $1 }
        if let bad = pool.firstIndex(where: { !(($0 * $0) > 0) }) {
            throw .outOfRange(key: "b0, sigma", value: "(b0 σ)² = 0 at neuron \(bad)",
                              requirement: "nonzero (the normalization pool would vanish)")
        }
        if let field = fields["delta"] { config.delta = try axis(field, key: "delta", defaults: config.delta) }
        if let field = fields["input_norm"] {
            config.inputNorm = try axis(field, key: "input_norm", defaults: config.inputNorm)
        }
        guard config.delta.minimum >= 0 else {
            throw .outOfRange(key: "delta.min", value: "\(config.delta.minimum)", requirement: "≥ 0")
        }
        guard config.inputNorm.minimum >= 0 else {
            throw .outOfRange(key: "input_norm.min", value: "\(config.inputNorm.minimum)", requirement: "≥ 0")
        }
        if let field = fields["seed"] {
            guard case .number(let text) = field, let seed = UInt64(text) else {
                throw .wrongType(key: "seed", expected: "an integer in 0…18446744073709551615", found: field.kindDescription)
            }
            config.seed = seed
        }
        if let field = fields["certificate"] { config.certificate = try bool(field, key: "certificate") }
        if let field = fields["simulate"] { config.simulate = try choice(field, key: "simulate") }
        if let field = fields["linear_algebra"] { config.linearAlgebra = try choice(field, key: "linear_algebra") }
        if let field = fields["literature_replay"] { config.literatureReplay = try bool(field, key: "literature_replay") }
        if let field = fields["starts"] {
            guard case .array(let elements) = field, !elements.isEmpty else {
                throw .wrongType(key: "starts", expected: "a non-empty array of start names", found: field.kindDescription)
            }
            var starts: [CircuitStart] = []
            for (index, element) in elements.enumerated() {
                let start: CircuitStart = try choice(element, key: "starts[\(index)]")
                guard !starts.contains(start) else {
                    throw .outOfRange(key: "starts[\(index)]", value: start.rawValue, requirement: "listed once")
                }
                starts.append(start)
            }
            config.starts = starts
        }
        if let field = fields["bisection_tolerance"] {
            config.bisectionTolerance = try number(field, key: "bisection_tolerance")
            guard config.bisectionTolerance > 0, config.bisectionTolerance < 0.5 else {
                throw .outOfRange(key: "bisection_tolerance", value: "\(config.bisectionTolerance)", requirement: "in (0, 0.5)")
            }
        }
        let cells = Double(config.trials) * Double(config.delta.count) * Double(config.inputNorm.count)
        guard cells <= Double(Int32.max) else {
            throw .outOfRange(key: "trials × delta.count × input_norm.count", value: "\(cells)", requirement: "≤ 2147483647")
        }
        return config
    }

    private static func string(_ value: JSONValue, key: String) throws(SweepConfigError) -> String {
        guard case .string(let text) = value else { throw .wrongType(key: key, expected: "a string", found: value.kindDescription) }
        return text
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ value: JSONValue, key: String) throws(SweepConfigError) -> T
    where T.RawValue == String {
        let text = try string(value, key: key)
        guard let parsed = T(rawValue: text) else {
            throw .unknownChoice(key: key, value: text, allowed: T.allCases.map(\.rawValue))
        }
        return parsed
    }

    private static func bool(_ value: JSONValue, key: String) throws(SweepConfigError) -> Bool {
        guard case .bool(let flag) = value else { throw .wrongType(key: key, expected: "true or false", found: value.kindDescription) }
        return flag
    }

    static func number(_ value: JSONValue, key: String) throws(SweepConfigError) -> Double {
        guard case .number(let text) = value else { throw .wrongType(key: key, expected: "a number", found: value.kindDescription) }
        guard let parsed = Double(text), parsed.isFinite else {
            throw .outOfRange(key: key, value: text, requirement: "a finite double")
        }
        return parsed
    }

    private static func integer(_ value: JSONValue, key: String, range: ClosedRange<Int>) throws(SweepConfigError) -> Int {
        guard case .number(let text) = value, let parsed = Int(text) else {
            throw .wrongType(key: key, expected: "an integer", found: value.kindDescription)
        }
        guard range.contains(parsed) else {
            throw .outOfRange(key: key, value: text, requirement: "in \(range.lowerBound)…\(range.upperBound)")
        }
        return parsed
    }

    private static func perNeuron(_ value: JSONValue, key: String, n: Int) throws(SweepConfigError) -> [Double] {
        switch value {
        case .number: return [try number(value, key: key)]
        case .array(let elements):
            guard elements.count == n else { throw .wrongLength(key: key, expected: n, found: elements.count) }
            var result: [Double] = []
            for (index, element) in elements.enumerated() { result.append(try number(element, key: "\(key)[\(index)]")) }
            return result
        default:
            throw .wrongType(key: key, expected: "a number or an array of n numbers", found: value.kindDescription)
        }
    }

    private static func axis(_ value: JSONValue, key: String, defaults: SweepAxis) throws(SweepConfigError) -> SweepAxis {
        guard case .object(let members) = value else {
            throw .wrongType(key: key, expected: "an object {min, max, count, spacing}", found: value.kindDescription)
        }
        var axis = defaults
        var seen: Set<String> = []
        for (name, field) in members {
            let place = "\(key).\(name)"
            guard axisKeys.contains(name) else { throw .unknownKey(place) }
            guard seen.insert(name).inserted else { throw .duplicateKey(place) }
            switch name {
            case "min": axis.minimum = try number(field, key: place)
            case "max": axis.maximum = try number(field, key: place)
            case "count": axis.count = try integer(field, key: place, range: 1...100_000)
            default: axis.spacing = try choice(field, key: place)
            }
        }
        guard axis.maximum >= axis.minimum else {
            throw .outOfRange(key: "\(key).max", value: "\(axis.maximum)", requirement: "≥ \(key).min = \(axis.minimum)")
        }
        guard axis.spacing == .linear || axis.minimum > 0 else {
            throw .outOfRange(key: "\(key).min", value: "\(axis.minimum)", requirement: "> 0 for log spacing")
        }
        return axis
    }
}
