import Foundation

/// Reads a whole UTF-8 text file, with a failure reason a user can act on ("no such file",
/// "not UTF-8 text", or the system's description). Every command that reads an input file
/// (case files, sweep configs, state files, sweep directories) goes through here, so they
/// all word the same failure the same way.
public enum TextFile {
    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot read '\(path)': \(reason)" }
    }

    public static func read(_ path: String) throws(ReadError) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReadError(path: path, reason: "is a directory, not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let nsError = error as NSError
            let noSuchFile = nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError
            throw ReadError(path: path, reason: noSuchFile ? "no such file" : nsError.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ReadError(path: path, reason: "not UTF-8 text") }
        return text
    }
}
