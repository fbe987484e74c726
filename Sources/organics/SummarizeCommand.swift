import ArgumentParser
import Foundation
import Sweep

/// `organics summarize DIR`: rebuild map.csv, boundary.csv, map.svg and spectrum.svg from
/// DIR/cells.csv and DIR/config.json alone (rows may be unsorted; a cut last line is ignored).
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize", abstract: "Rebuild a sweep's summaries from its cells.csv and config.json.",
        discussion: """
        Writes map.csv, boundary.csv, map.svg and spectrum.svg anew; cells.csv is only read.

        Example:
          organics summarize results/default
        """)

    @Argument(help: "A sweep output directory.")
    var directory: String

    func run() throws {
        LinearAlgebraThreads.pinToOneThread()
        do {
            let record = try SweepRecord.load(directory: directory)
            let path = directory + "/" + SweepFiles.cells
            let rows = try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows.sorted { $0.cell < $1.cell }
            try SweepSummary.write(directory: directory, record: record, rows: rows)
            printNote("summarize: \(rows.count) rows -> \(directory)")
        } catch let error as SweepRunError {
            throw exitStatus(reporting: error)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode.failure
        }
    }
}
