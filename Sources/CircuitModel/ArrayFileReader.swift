import Foundation
import ZIPFoundation

/// Where one case-file key's numbers came from, when it named an array file
/// (`{"npy": "w.npy"}` or `{"npz": "layer.npz", "key": "W_r"}`); `organics validate` prints these.
public struct ArraySource: Sendable, Equatable {
    /// The case-file key (`W_r`, `z`, …).
    public let key: String
    /// The file as written in the case file (relative to the case file's directory).
    public let file: String
    /// The array's name inside an `.npz` archive; nil for `.npy`.
    public let member: String?
    public let shape: [Int]
    public let elementType: NumPyArray.ElementType
    public let fortranOrder: Bool
    /// The `.npy` format version ("1.0", "2.0", "3.0").
    public let version: String
}

/// Why an array file named by a case-file key is refused.
public enum ArrayFileProblem: Error, Equatable, CustomStringConvertible {
    /// The reference object is not `{"npy": PATH}` or `{"npz": PATH, "key": NAME}`.
    case malformedReference(String)
    /// The case was given as text (no file), so there is no directory to resolve against.
    case noCaseDirectory
    case absolutePath
    /// After resolving `..` and symbolic links, the file is not inside the case file's directory tree.
    case outsideCaseDirectory(resolved: String)
    case unreadable(String)
    case format(NumPyFormatError)
    case notAnArchive(String)
    case missingMember(String, available: [String])
    case wrongShape(expected: String, found: [Int])
    case nonFinite(index: String, value: Double)

    public var description: String {
        switch self {
        case let .malformedReference(reason): return reason
        case .noCaseDirectory: return "array files can only be named in a case file read from disk (paths are relative to it)"
        case .absolutePath: return "absolute paths are refused: give a path relative to the case file's directory"
        case let .outsideCaseDirectory(resolved):
            return "the path leaves the case file's directory tree (resolves to '\(resolved)'); array files must sit in the case file's directory or below it"
        case let .unreadable(reason): return reason
        case let .format(error): return error.description
        case let .notAnArchive(reason): return "not a readable .npz (zip) archive: \(reason)"
        case let .missingMember(name, available):
            return "no array '\(name)' in the archive (it holds: \(available.isEmpty ? "nothing" : available.joined(separator: ", ")))"
        case let .wrongShape(expected, found): return "shape \(NumPyArray.shapeText(found)), expected \(expected)"
        case let .nonFinite(index, value): return "entry \(index) is \(value), not a finite number"
        }
    }
}

/// Resolves and reads the array files a case file names, and records what it read.
///
/// The path rule: a path is relative to the directory holding the case file; absolute
/// paths are refused, and after `..` and symbolic links are resolved (realpath(3)) the
/// file must lie in that directory or a subdirectory. So a case file can only pull in
/// arrays from the tree the user handed over with it.
struct ArrayFileReader {
    /// realpath of the case file's directory; nil when decoding text.
    let baseDirectory: String?
    private(set) var sources: [ArraySource] = []

    init(caseFilePath: String?) {
        guard let caseFilePath else { baseDirectory = nil; return }
        let directory = URL(fileURLWithPath: caseFilePath).deletingLastPathComponent().path
        baseDirectory = Self.realPath(directory) ?? directory
    }

    /// Reads the array a reference object names. Throws `.arrayFile` naming key and file.
    mutating func read<Number>(key: String, members: [(key: String, value: JSONTree<Number>)]) throws(CaseFileError) -> NumPyArray {
        var fields: [String: JSONTree<Number>] = [:]
        for member in members { fields[member.key] = member.value }
        let label = fields["npy"].flatMap(Self.text) ?? fields["npz"].flatMap(Self.text) ?? "?"
        func refuse(_ problem: ArrayFileProblem) -> CaseFileError { .arrayFile(key: key, file: label, problem: problem) }

        let file: String, memberName: String?
        switch Set(fields.keys) {
        case ["npy"]:
            guard let path = fields["npy"].flatMap(Self.text) else { throw refuse(.malformedReference("\"npy\" must be a path string")) }
            file = path; memberName = nil
        case ["npz", "key"]:
            guard let path = fields["npz"].flatMap(Self.text), let name = fields["key"].flatMap(Self.text) else {
                throw refuse(.malformedReference("\"npz\" and \"key\" must be strings"))
            }
            file = path; memberName = name
        default:
            throw refuse(.malformedReference("an array file is {\"npy\": \"path.npy\"} or {\"npz\": \"file.npz\", \"key\": \"NAME\"}, found keys \(members.map(\.key))"))
        }
        guard members.count == fields.count else { throw refuse(.malformedReference("a key appears twice in the reference")) }
        let resolved: String
        do { resolved = try resolve(file) } catch { throw refuse(error) }

        let array: NumPyArray
        if let memberName {
            do { array = try NumPyArray.readArchiveMember(resolved, name: memberName) } catch { throw refuse(error) }
        } else {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: resolved)) } catch { throw refuse(.unreadable(error.localizedDescription)) }
            do { array = try NumPyArray.parse(data) } catch { throw refuse(.format(error)) }
        }
        sources.append(ArraySource(key: key, file: file, member: memberName, shape: array.shape, elementType: array.elementType,
                                   fortranOrder: array.fortranOrder, version: array.version))
        return array
    }

    /// The real path of `file` relative to the case directory, checked against the path rule.
    private func resolve(_ file: String) throws(ArrayFileProblem) -> String {
        guard let baseDirectory else { throw .noCaseDirectory }
        guard !file.hasPrefix("/") else { throw .absolutePath }
        let joined = baseDirectory + "/" + file
        guard let real = Self.realPath(joined) else {
            throw .unreadable(FileManager.default.fileExists(atPath: joined) ? "cannot resolve the path" : "no such file")
        }
        let root = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        guard real.hasPrefix(root) else { throw .outsideCaseDirectory(resolved: real) }
        return real
    }

    private static func text<Number>(_ value: JSONTree<Number>) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension NumPyArray {
    /// Array `name` of the `.npz` archive at `path` (member `name.npy`, or `name` itself), as
    /// `np.load(path)[name]` finds it; stored and deflated members both read (ZIPFoundation).
    public static func readArchiveMember(_ path: String, name: String) throws(ArrayFileProblem) -> NumPyArray {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw .notAnArchive("\(error)")
        }
        // numpy.savez stores array NAME as member NAME.npy; np.load(...)[NAME] strips the suffix.
        guard let entry = archive[name + ".npy"] ?? archive[name], entry.type == .file else {
            throw .missingMember(name, available: archive.map { $0.path.hasSuffix(".npy") ? String($0.path.dropLast(4)) : $0.path }.sorted())
        }
        // Refuse before inflating: no array this reader accepts is larger (a "zip bomb" guard).
        let largest = UInt64(NumPyArray.maximumElementCount) * 8 + (1 << 20)
        guard entry.uncompressedSize <= largest else {
            throw .notAnArchive("member '\(entry.path)' would inflate to \(entry.uncompressedSize) bytes (more than \(largest))")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
        } catch {
            throw .notAnArchive("member '\(entry.path)': \(error)")
        }
        do { return try NumPyArray.parse(data) } catch { throw .format(error) }
    }
}
