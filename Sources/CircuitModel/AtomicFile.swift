import Foundation

/// Writes a whole file atomically: the text goes to a temporary file in the same
/// directory (same file system), which is then renamed over the destination. A reader
/// sees either the old file or the complete new one; a failure leaves no partial file.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(data: Data(text.utf8), to: path)
    }

    /// Bytes (a `.npy` array), written the same way.
    public static func write(data: Data, to path: String) throws(WriteError) {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
            // rename(2) replaces an existing destination atomically. (Foundation's
            // replaceItemAt failed intermittently on Linux in /tmp: "The file doesn't exist".)
            guard rename(temporary.path, destination.path) == 0 else {
                throw WriteError(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? WriteError ?? WriteError(path: path, reason: error.localizedDescription)
        }
    }
}
