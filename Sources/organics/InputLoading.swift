import ArgumentParser
import Sweep
import CircuitModel
import Foundation

/// Bad input: the message goes to stderr as "organics: error: …" and the exit status is 64
/// (EX_USAGE), as for `ValidationError`, but without repeating the usage text.
struct InputError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum Terminal {
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("organics: error: \(message)\n".utf8))
    }

    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("organics: warning: \(message)\n".utf8))
    }
}

/// Runs `body`; an `InputError` is printed and becomes exit status 64.
func refusingBadInput<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        Terminal.printError(error.message)
        throw ExitCode(64)
    }
}

/// Prints a sweep error and returns the exit status for it: 64 when the input is at fault
/// (`SweepRunError.isInputProblem`), 1 otherwise.
func exitStatus(reporting error: SweepRunError) -> ExitCode {
    Terminal.printError(error.description)
    return error.isInputProblem ? ExitCode(64) : ExitCode.failure
}

/// Loads a case file, turning every `CaseFileError` into an `InputError` naming the file.
func loadCircuit(_ path: String) throws -> Circuit {
    do {
        return try CaseFile.load(path: path)
    } catch {
        throw InputError(message: "\(path): \(error)")
    }
}

/// `loadCircuit`, and which keys were read from `.npy`/`.npz` array files.
func loadCircuitReportingArrays(_ path: String) throws -> (circuit: Circuit, arrays: [ArraySource]) {
    do {
        return try CaseFile.loadReportingArrays(path: path)
    } catch {
        throw InputError(message: "\(path): \(error)")
    }
}

/// JSON object text from ordered (key, JSON text) pairs.
func jsonObject(_ members: [(String, String)], indent: Bool = false) -> String {
    let separator = indent ? ",\n  " : ", "
    let body = members.map { "\(CaseFile.jsonQuoted($0.0)): \($0.1)" }.joined(separator: separator)
    return indent ? "{\n  \(body)\n}" : "{\(body)}"
}

func jsonArray(_ values: [Double]) -> String {
    "[" + values.map { CaseFile.jsonNumber($0) }.joined(separator: ", ") + "]"
}

/// A number for people: 4 significant digits (126, −0.2519, 1.698e-11); data outputs (JSON,
/// CSV) keep Swift's round-trip digits instead.
func human(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    return String(format: "%.4g", value)
}

/// `--format` of the commands whose default output is text and who also speak JSON (solve,
/// simulate, check2d); `--format json` means the same as their `--json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
