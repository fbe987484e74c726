import CircuitModel
import Foundation

/// Why a sweep's output directory cannot be used, or a file in it cannot be read or written.
public enum SweepRunError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    /// An input file or directory could not be read (missing, a directory, not UTF-8).
    case unreadable(path: String, reason: String)
    case existingOutput(path: String)
    case configMismatch(path: String, detail: String)
    case malformedRecord(path: String, reason: String)
    case malformedCells(path: String, reason: String)
    case cellFailed(cell: Int, reason: String)
    case mergeConflict(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): return "\(path): \(reason)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .existingOutput(let path):
            return "\(path) already holds a sweep; pass --resume to continue it, or choose another --output"
        case .configMismatch(let path, let detail):
            return "\(path) was written by a different sweep (\(detail)); refusing to mix results"
        case .malformedRecord(let path, let reason): return "\(path) is not a sweep record: \(reason)"
        case .malformedCells(let path, let reason): return "\(path) is not a cells.csv: \(reason)"
        case .cellFailed(let cell, let reason): return "cell \(cell) could not be built: \(reason)"
        case .mergeConflict(let detail): return "cannot merge: \(detail)"
        }
    }

    /// True when the user's input is at fault (a missing or foreign sweep directory, shards
    /// that do not belong together), false for a failed write or computation: the CLI exits
    /// 64 for the former and 1 for the latter.
    public var isInputProblem: Bool {
        switch self {
        case .unreadable, .existingOutput, .configMismatch, .malformedRecord, .malformedCells, .mergeConflict: true
        case .io, .cellFailed: false
        }
    }
}

/// The files of a sweep directory and how they are written: rows appended and flushed as
/// units finish; everything else written to a temporary file then renamed (atomic on POSIX).
public enum SweepFiles {
    public static let cells = "cells.csv", record = "config.json", map = "map.csv", boundary = "boundary.csv"
    public static let mapPlot = "map.svg", spectrumPlot = "spectrum.svg"

    /// Writes `text` to `path` atomically (`AtomicFile`: temporary file, then rename(2)).
    public static func writeAtomically(_ text: String, to path: String) throws(SweepRunError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw .io(path: path, reason: error.reason)
        }
    }

    public static func read(_ path: String) throws(SweepRunError) -> String {
        do { return try TextFile.read(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    }

    /// The comment line that opens cells.csv (the master seed lives here and in config.json).
    public static func commentLine(config: SweepConfig, master: UInt64) -> String {
        "# organics sweep name=\(config.name.replacingOccurrences(of: "\n", with: " ")) master_seed=\(master)"
    }

    /// Rows of a cells.csv text. Lines that do not parse as complete rows (a line cut by a
    /// kill) are counted in `dropped` and ignored; a wrong header is an error.
    public static func parseCells(_ text: String, path: String) throws(SweepRunError) -> (rows: [CellRow], dropped: Int) {
        var rows: [CellRow] = []
        var dropped = 0
        var sawHeader = false
        var outcomeColumns: [String] = []
        let complete = text.hasSuffix("\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard let columns = CellRow.outcomeColumns(header: line) else {
                    throw .malformedCells(path: path, reason: "unexpected header \"\(line)\"")
                }
                outcomeColumns = columns
                sawHeader = true
                continue
            }
            let isLast = number == lines.count - 1
            if isLast && !complete { dropped += 1; continue }  // no newline: cut mid-write
            if let row = CellRow(csvLine: line, outcomeColumns: outcomeColumns) { rows.append(row) } else { dropped += 1 }
        }
        return (rows, dropped)
    }

    /// cells.csv text for `rows` (in the given order).
    public static func cellsText(comment: String, outcomeColumns: [String], rows: [CellRow]) -> String {
        var text = comment + "\n" + CellRow.header(outcomeColumns: outcomeColumns) + "\n"
        for row in rows { text += row.csvLine + "\n" }
        return text
    }
}
