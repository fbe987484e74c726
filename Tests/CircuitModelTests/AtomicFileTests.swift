import CircuitModel
import Foundation
import Testing

@Suite("Atomic whole-file writes")
struct AtomicFileTests {
    /// A fresh directory under the system temporary directory (the place where Foundation's
    /// replaceItemAt failed intermittently before AtomicFile used rename(2)).
    private func freshDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "atomic-file-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("new file, then 200 overwrites: every read sees exactly the last text; no temporary file is left")
    func overwriteRepeatedly() throws {
        let directory = try freshDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.csv"
        for k in 0..<200 {
            let text = "k,\(k)\n" + String(repeating: "x", count: k * 37 % 500) + "\n"
            try AtomicFile.write(text, to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "write \(k)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.csv"])
    }

    @Test("missing parent directories are created")
    func createsDirectories() throws {
        let directory = try freshDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write("a\n", to: directory + "/x/y/out.txt")
        #expect(try String(contentsOfFile: directory + "/x/y/out.txt", encoding: .utf8) == "a\n")
    }

    @Test("a destination that is a non-empty directory: typed error naming the path, nothing left behind")
    func refusal() throws {
        let directory = try freshDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let blocked = directory + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        #expect {
            try AtomicFile.write("a\n", to: blocked)
        } throws: { error in
            guard let error = error as? AtomicFile.WriteError else { return false }
            return error.path == blocked && error.description.contains(blocked)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["blocked"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked) == ["inside"])
    }
}
