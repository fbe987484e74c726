import ArgumentParser
import CircuitModel

extension SweepCommand {
    /// `--emit-case CELL --case-output CASE --npy-dir DIR`: the cell's circuit with its arrays
    /// as `.npy` files (`CaseFile.write(_:to:arrayDirectory:)`; docs/numpy-arrays.md).
    func writeCaseWithArrays(_ circuit: Circuit, to path: String, arrayDirectory: String) throws {
        do {
            try CaseFile.write(circuit, to: path, arrayDirectory: arrayDirectory)
        } catch {
            Terminal.printError("\(error)")
            throw error.isInputError ? ExitCode(64) : ExitCode.failure
        }
    }
}
