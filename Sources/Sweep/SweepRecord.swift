import CircuitModel

/// config.json of a sweep directory: the full config (seed resolved), the master seed, the
/// shard and the software version, so a directory can be resumed, summarized and merged
/// without the original config file.
///
///     {"format": "organics-sweep 1", "software": "…", "master_seed": 42, "shard": "0/1",
///      "config": { …every key of SweepConfig… }}
public struct SweepRecord: Sendable, Equatable {
    public static let format = "organics-sweep 1"
    /// Which code produced the rows (the pipeline stages in use).
    public static let software = "organics-stability Sweep 1 (branch: FixedPointSolver; spectrum: JacobianBuilder + Stability; simulation: Dynamics)"
    public let config: SweepConfig
    public let master: UInt64
    public let shard: Shard

    public init(config: SweepConfig, master: UInt64, shard: Shard) {
        var resolved = config
        resolved.seed = master
        self.config = resolved; self.master = master; self.shard = shard
    }

    public var encoded: String {
        "{\n  \"format\": \"\(Self.format)\",\n  \"software\": \(SweepConfig.quoted(Self.software)),\n"
            + "  \"master_seed\": \(master),\n  \"shard\": \"\(shard)\",\n  \"config\": \(config.encoded())\n}\n"
    }

    public static func decode(_ text: String, path: String) throws(SweepRunError) -> SweepRecord {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw .malformedRecord(path: path, reason: error.description) }
        guard case .object(let members) = value else { throw .malformedRecord(path: path, reason: "not an object") }
        var fields: [String: JSONValue] = [:]
        for (key, field) in members { fields[key] = field }
        guard case .string(Self.format)? = fields["format"] else {
            throw .malformedRecord(path: path, reason: "missing \"format\": \"\(Self.format)\"")
        }
        guard case .number(let seedText)? = fields["master_seed"], let master = UInt64(seedText) else {
            throw .malformedRecord(path: path, reason: "missing master_seed")
        }
        guard case .string(let shardText)? = fields["shard"], let shard = Shard(parsing: shardText) else {
            throw .malformedRecord(path: path, reason: "missing shard")
        }
        guard let configValue = fields["config"] else { throw .malformedRecord(path: path, reason: "missing config") }
        let config: SweepConfig
        do { config = try SweepConfig.decode(value: configValue) } catch {
            throw .malformedRecord(path: path, reason: error.description)
        }
        return SweepRecord(config: config, master: master, shard: shard)
    }

    public static func load(directory: String) throws(SweepRunError) -> SweepRecord {
        let path = directory + "/" + SweepFiles.record
        return try decode(try SweepFiles.read(path), path: path)
    }
}
