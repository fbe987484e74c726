import ExactArithmetic

/// Builds the register program: post-order over the expression DAG, one register per
/// distinct subexpression.
struct ProgramCompiler {
    let slots: [String: Int]
    var instructions: [Instruction] = []
    var operands: [Int] = []
    var registers: [Expression: Int] = [:]
    var rectifierArguments: [Expression] = []
    var kinkRegisters: [Int] = []

    init(slots: [String: Int]) { self.slots = slots }

    mutating func register(for expression: Expression) throws(ProgramError) -> Int {
        if let existing = registers[expression] { return existing }
        let instruction: Instruction
        switch expression {
        case .constant(let value):
            instruction = .constant(value.doubleApproximation)
        case .symbol(let name):
            guard let slot = slots[name] else { throw .unboundSymbol(name) }
            instruction = .variable(slot)
        case .sum(let terms):
            var inputs: [Int] = []
            for term in terms { inputs.append(try register(for: term)) }
            instruction = .sum(append(inputs))
        case .product(let factors):
            var plain: [Int] = [], masks: [Int] = []
            for factor in factors {
                let input = try register(for: factor)
                // H(u) masks the product, and so does a positive power of it (H(u)^2 after
                // simplification): exact evaluation (Expression+Exact) uses the same rule.
                if case .step = factor { masks.append(input) }
                if case .power(let base, let exponent) = factor, exponent.signum > 0, case .step = base {
                    masks.append(try register(for: base))
                }
                plain.append(input)
            }
            instruction = .product(factors: append(plain), masks: append(masks))
        case .power(let base, let exponent):
            let input = try register(for: base)
            instruction = try powerInstruction(input, exponent)
        case .ramp(let argument):
            let input = try register(for: argument)
            noteKink(argument, input)
            instruction = .ramp(input)
        case .step(let argument):
            let input = try register(for: argument)
            noteKink(argument, input)
            instruction = .step(input)
        }
        instructions.append(instruction)
        registers[expression] = instructions.count - 1
        return instructions.count - 1
    }

    /// u^k, (√u)^m for u^(m/2), pow(u, p) otherwise.
    private mutating func powerInstruction(_ input: Int, _ exponent: Rational) throws(ProgramError) -> Instruction {
        if exponent.isInteger, let k = Int(exactly: exponent.numerator) {
            return .integerPower(input, k)
        }
        if exponent.denominator == 2, let m = Int(exactly: exponent.numerator) {
            if m == 1 { return .squareRoot(input) }
            instructions.append(.squareRoot(input))
            return .integerPower(instructions.count - 1, m)
        }
        return .power(input, exponent.doubleApproximation)
    }

    private mutating func noteKink(_ argument: Expression, _ input: Int) {
        guard !kinkRegisters.contains(input) else { return }
        rectifierArguments.append(argument)
        kinkRegisters.append(input)
    }

    private mutating func append(_ inputs: [Int]) -> Range<Int> {
        let start = operands.count
        operands.append(contentsOf: inputs)
        return start..<operands.count
    }
}
