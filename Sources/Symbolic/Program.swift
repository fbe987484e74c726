import ExactArithmetic

/// Why an expression cannot be compiled against a list of variables.
public enum ProgramError: Error, Equatable, CustomStringConvertible {
    /// The expression uses a symbol that is not among the program's variables.
    case unboundSymbol(String)
    /// The same variable name was listed twice.
    case duplicateVariable(String)

    public var description: String {
        switch self {
        case .unboundSymbol(let name): return "symbol '\(name)' has no value: it is not among the program's variables"
        case .duplicateVariable(let name): return "variable '\(name)' is listed twice"
        }
    }
}

/// Expressions compiled once into a flat register program over `Double`,
/// proofs/jacobian.md §3.4.
///
/// Every distinct subexpression (structural equality) gets one register, computed once
/// per evaluation in dependency order, so evaluating k outputs that share subterms costs
/// the size of their DAG, with no tree walk and no allocation when the caller reuses a
/// `Workspace`.
///
/// Semantics (the same as `exactValue(in:)`): u^p for an integer p by repeated
/// squaring, u^(m/2) as (√u)^m, other fractional powers by `pow` (NaN for u < 0);
/// max(u, 0); H(u) = 1 for u > 0, 0 for u ≤ 0. A product containing a factor H(u) = 0 is
/// 0 even when another factor is infinite or NaN: on {u < 0} the rectified branch is
/// absent, so e.g. H(a)·max(a,0)^(−1/2), the derivative of √max(a,0), is 0 there.
/// Kinks: whenever the argument of a max(·,0) or H(·) evaluates to exactly 0 the result
/// is reported in `KinkReport` (the value there uses H(0) = 0, the left derivative).
/// The report is conservative: it includes arguments inside factors masked by H = 0,
/// which exact evaluation does not visit.
public struct Program: Sendable {
    /// The variables, in the order the environment supplies their values.
    public let variables: [String]
    /// The compiled outputs, in order.
    public let outputs: [Expression]
    /// Distinct arguments u of every max(u,0) and H(u) in the outputs; `KinkReport`
    /// indexes into this list.
    public let rectifierArguments: [Expression]
    let instructions: [Instruction]
    let operands: [Int]
    let outputRegisters: [Int]
    let kinkRegisters: [Int]

    /// Compiles `outputs` against `variables`; throws when an output uses another symbol.
    public init(_ outputs: [Expression], variables: [String]) throws(ProgramError) {
        var slots: [String: Int] = [:]
        for (index, name) in variables.enumerated() {
            guard slots.updateValue(index, forKey: name) == nil else { throw .duplicateVariable(name) }
        }
        var compiler = ProgramCompiler(slots: slots)
        var outputRegisters: [Int] = []
        for output in outputs { outputRegisters.append(try compiler.register(for: output)) }
        self.variables = variables
        self.outputs = outputs
        self.instructions = compiler.instructions
        self.operands = compiler.operands
        self.outputRegisters = outputRegisters
        self.rectifierArguments = compiler.rectifierArguments
        self.kinkRegisters = compiler.kinkRegisters
    }

    /// Number of registers (distinct subexpressions).
    public var registerCount: Int { instructions.count }
}

/// Which rectifier arguments were exactly 0 in one evaluation.
public struct KinkReport: Sendable, Equatable {
    /// Indices into `Program.rectifierArguments` of the arguments that were exactly 0.
    public let zeroArguments: [Int]
    /// True when no kink was hit: the outputs are (one-sided-free) derivatives/values.
    public var isEmpty: Bool { zeroArguments.isEmpty }
    public init(zeroArguments: [Int]) { self.zeroArguments = zeroArguments }
}

/// One instruction; its result goes to the register with the instruction's index.
enum Instruction: Sendable {
    case constant(Double)
    case variable(Int)
    case sum(Range<Int>)
    /// Product of `factors`; 0 when any register in `masks` (H values) is 0.
    case product(factors: Range<Int>, masks: Range<Int>)
    case integerPower(Int, Int)
    case squareRoot(Int)
    case power(Int, Double)
    case ramp(Int)
    case step(Int)
}
