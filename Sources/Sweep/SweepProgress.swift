import Foundation

/// Progress of a running sweep on stderr: a bar with ETA redrawn in place when stderr is a
/// terminal (isatty), otherwise one plain line at most every `interval` seconds and at the end.
public final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var done: Int
    private let alreadyDone: Int
    private let start = Date()
    private var lastLine = Date.distantPast
    private let interactive: Bool
    private let interval: TimeInterval
    private let enabled: Bool

    public init(totalCells: Int, alreadyDone: Int, enabled: Bool = true, interval: TimeInterval = 10) {
        total = totalCells; done = alreadyDone; self.alreadyDone = alreadyDone
        interactive = isatty(STDERR_FILENO) == 1
        self.interval = interval; self.enabled = enabled
    }

    public func advance(by cells: Int) {
        lock.lock(); defer { lock.unlock() }
        done += cells
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let finished = done >= total
        if interactive {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r[\(bar)] \(done)/\(total) cells  elapsed \(Self.clock(elapsed))  ETA \(Self.clock(remaining))"
                  + (finished ? "\n" : ""))
        } else if finished || now.timeIntervalSince(lastLine) >= interval {
            lastLine = now
            write("sweep: \(done)/\(total) cells, elapsed \(Self.clock(elapsed)), ETA \(Self.clock(remaining))\n")
        }
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m"
            : "\(total / 60)m\(String(format: "%02d", total % 60))s"
    }
}
