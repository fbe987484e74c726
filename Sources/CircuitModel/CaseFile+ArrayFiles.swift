import Foundation

extension CaseFile {
    /// Writes `circuit` as a case file at `path` with its large values in `.npy` files:
    /// every dense matrix (W_r, W) and every per-neuron key that is not uniform (z always)
    /// goes to `arrayDirectory/<stem>.<key>.npy` (float64, C order, NumPy format 1.0), and
    /// the JSON names it as `{"npy": "<relative path>"}`.
    ///
    /// `arrayDirectory` is relative to the case file's directory and must stay inside it
    /// (the path rule of `load`: a written case must load). The arrays are written first,
    /// each atomically, then the JSON; `load(path:)` gives back `circuit` exactly (float64).
    /// - Returns: the paths written, JSON last.
    @discardableResult
    public static func write(_ circuit: Circuit, to path: String, arrayDirectory: String) throws(CaseFileWriteError) -> [String] {
        guard !arrayDirectory.hasPrefix("/"),
              !arrayDirectory.split(separator: "/").contains("..") else { throw .arrayDirectoryOutsideCase(arrayDirectory) }
        let caseDirectory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let n = circuit.neuronCount
        var references: [String: String] = [:]
        var written: [String] = []
        func save(_ key: String, shape: [Int], values: [Double]) throws(CaseFileWriteError) {
            let relative = (arrayDirectory.isEmpty || arrayDirectory == "." ? "" : arrayDirectory + "/") + "\(stem).\(key).npy"
            let destination = caseDirectory.appendingPathComponent(relative).path
            do { try AtomicFile.write(data: NumPyArray.encode(shape: shape, values: values), to: destination) } catch {
                throw .write(error)
            }
            references[key] = relative
            written.append(destination)
        }
        let vectors: [(String, [Double])] = [("b", circuit.inputGain), ("z", circuit.input), ("b0", circuit.normalizationGain),
                                             ("sigma", circuit.sigma), ("tau_y", circuit.tauY), ("tau_a", circuit.tauA)]
        for (key, values) in vectors where key == "z" || values.contains(where: { $0 != values[0] }) {
            try save(key, shape: [n], values: values)
        }
        for (key, weights) in [("W_r", circuit.recurrentWeights), ("W", circuit.normalizationWeights)] {
            if case .dense(let matrix) = weights { try save(key, shape: [n, n], values: matrix.rowMajorArrays().flatMap { $0 }) }
        }
        do { try AtomicFile.write(encode(circuit, arrayFiles: references), to: path) } catch { throw .write(error) }
        return written + [path]
    }
}

/// Why `CaseFile.write(_:to:arrayDirectory:)` failed.
public enum CaseFileWriteError: Error, CustomStringConvertible {
    case arrayDirectoryOutsideCase(String)
    case write(AtomicFile.WriteError)

    public var description: String {
        switch self {
        case let .arrayDirectoryOutsideCase(directory):
            return "--npy-dir '\(directory)' must be a relative path inside the case file's directory (no '..'), so the written case can be read back"
        case let .write(error): return error.description
        }
    }
}

extension CaseFileWriteError {
    /// True for a refused argument (exit 64), false for a failed write (exit 1).
    public var isInputError: Bool {
        if case .arrayDirectoryOutsideCase = self { return true }
        return false
    }
}
