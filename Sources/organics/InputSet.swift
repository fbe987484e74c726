import CircuitModel
import Foundation

/// A set of m input vectors z for one circuit (`organics solve CASE --inputs Z`): row k is
/// input k. Read from a NumPy `.npy` file (shape (m, n), or (n,) for one input; float64 or
/// float32, either order, as `NumPyArray` reads) or a CSV file (m lines of n numbers
/// separated by commas; one header line of non-numbers is skipped; `#` lines are comments).
/// Unlike array files named inside a case file, this path is given on the command line,
/// so the case-file path rule does not apply to it.
struct InputSet {
    /// inputs[k] = z for input k, n entries each.
    let inputs: [[Double]]
    /// "float64 (1000, 120), C order" or "CSV, 1000 rows".
    let description: String

    /// `key`: the array's name when `path` is an `.npz` archive (`np.savez(path, Z=…)` → "Z").
    static func load(path: String, neuronCount n: Int, key: String? = nil) throws -> InputSet {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(message: "\(path): cannot read the inputs: \(FileManager.default.fileExists(atPath: path) ? error.localizedDescription : "no such file")")
        }
        let rows: [[Double]], description: String
        let isArchive = data.starts(with: [0x50, 0x4B, 0x03, 0x04])  // "PK\u{3}\u{4}": a zip (.npz)
        if isArchive != (key != nil) {
            throw InputError(message: isArchive ? "\(path) is an .npz archive: name the array with --inputs-key NAME"
                                                : "--inputs-key is only for .npz archives; \(path) is not one")
        }
        if data.starts(with: NumPyArray.magic) || isArchive {
            let array: NumPyArray
            do {
                array = try key.map { (name: String) throws(ArrayFileProblem) in try NumPyArray.readArchiveMember(path, name: name) }
                    ?? NumPyArray.parse(data)
            } catch { throw InputError(message: "\(path)\(key.map { "[\"\($0)\"]" } ?? ""): \(error)") }
            let shape = array.shape.count == 1 ? [1] + array.shape : array.shape
            guard shape.count == 2, shape[1] == n, shape[0] >= 1 else {
                throw InputError(message: "\(path): inputs must have shape (m, n) = (m, \(n)), one input z per row; found \(NumPyArray.shapeText(array.shape))")
            }
            rows = (0..<shape[0]).map { Array(array.values[($0 * n)..<(($0 + 1) * n)]) }
            description = "\(array.elementType.name) \(NumPyArray.shapeText(array.shape)), \(array.fortranOrder ? "Fortran" : "C") order"
        } else {
            guard let text = String(data: data, encoding: .utf8) else { throw InputError(message: "\(path): neither a .npy file nor UTF-8 CSV text") }
            rows = try csvRows(text, path: path, n: n)
            description = "CSV, \(rows.count) rows"
        }
        for (k, row) in rows.enumerated() {
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw InputError(message: "\(path): input \(k), z[\(j)] is \(row[j]), not a finite number")
            }
        }
        return InputSet(inputs: rows, description: description)
    }

    private static func csvRows(_ text: String, path: String, n: Int) throws -> [[Double]] {
        var rows: [[Double]] = []
        var headerSkipped = false
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.map { Double($0) }
            if rows.isEmpty, !headerSkipped, numbers.allSatisfy({ $0 == nil }) { headerSkipped = true; continue }
            guard fields.count == n else {
                throw InputError(message: "\(path): line \(lineIndex + 1) has \(fields.count) fields, expected n = \(n)")
            }
            if let j = numbers.firstIndex(where: { $0 == nil }) {
                throw InputError(message: "\(path): line \(lineIndex + 1), field \(j + 1) is not a number: '\(fields[j])'")
            }
            rows.append(numbers.map { $0 ?? 0 })
        }
        guard !rows.isEmpty else { throw InputError(message: "\(path): no input rows") }
        return rows
    }
}
