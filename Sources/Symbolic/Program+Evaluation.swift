#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Program {
    /// Reusable scratch space for `evaluate(_:workspace:into:)`: one `Double` per register.
    public struct Workspace: Sendable {
        var registers: [Double]
        public init(for program: Program) { registers = Array(repeating: 0, count: program.registerCount) }
    }

    /// The outputs at `environment` (values of `variables`, in order) and the kinks hit.
    /// Allocates; in a loop use `evaluate(_:workspace:into:)`.
    /// - Precondition: `environment.count == variables.count` (a caller's invariant).
    public func evaluate(_ environment: [Double]) -> (values: [Double], kinks: KinkReport) {
        var workspace = Workspace(for: self)
        var values = Array(repeating: 0.0, count: outputRegisters.count)
        let kinks = evaluate(environment, workspace: &workspace, into: &values)
        return (values, kinks)
    }

    /// Evaluates every register once and writes the outputs into `values` (resized if its
    /// count differs). No allocation unless a kink is hit.
    /// - Complexity: O(number of registers + operands).
    public func evaluate(_ environment: [Double], workspace: inout Workspace,
                         into values: inout [Double]) -> KinkReport {
        precondition(environment.count == variables.count, "Program: environment has \(environment.count) values for \(variables.count) variables")
        if workspace.registers.count != instructions.count {
            workspace = Workspace(for: self)
        }
        workspace.registers.withUnsafeMutableBufferPointer { registers in
            operands.withUnsafeBufferPointer { operands in
                for (index, instruction) in instructions.enumerated() {
                    registers[index] = Program.execute(instruction, registers, operands, environment)
                }
            }
        }
        if values.count != outputRegisters.count {
            values = Array(repeating: 0, count: outputRegisters.count)
        }
        for (index, register) in outputRegisters.enumerated() {
            values[index] = workspace.registers[register]
        }
        var zeros: [Int] = []
        for (index, register) in kinkRegisters.enumerated() where workspace.registers[register] == 0 {
            zeros.append(index)
        }
        return KinkReport(zeroArguments: zeros)
    }

    @inline(__always)
    private static func execute(_ instruction: Instruction, _ registers: UnsafeMutableBufferPointer<Double>,
                                _ operands: UnsafeBufferPointer<Int>, _ environment: [Double]) -> Double {
        switch instruction {
        case .constant(let value):
            return value
        case .variable(let slot):
            return environment[slot]
        case .sum(let range):
            var total = 0.0
            for position in range { total += registers[operands[position]] }
            return total
        case .product(let factors, let masks):
            for position in masks where registers[operands[position]] == 0 { return 0 }
            var total = 1.0
            for position in factors { total *= registers[operands[position]] }
            return total
        case .integerPower(let input, let exponent):
            return integerPower(registers[input], exponent)
        case .squareRoot(let input):
            return registers[input].squareRoot()
        case .power(let input, let exponent):
            return pow(registers[input], exponent)
        case .ramp(let input):
            let x = registers[input]
            return x > 0 || x.isNaN ? x : 0
        case .step(let input):
            let x = registers[input]
            return x.isNaN ? x : (x > 0 ? 1 : 0)
        }
    }

    /// x^k by binary powering; x^(−k) = 1/x^k.
    static func integerPower(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0, factor = base, remaining = exponent.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return exponent < 0 ? 1 / result : result
    }
}
