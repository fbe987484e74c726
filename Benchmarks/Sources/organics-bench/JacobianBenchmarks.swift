import CircuitModel
import JacobianBuilder
import Randomness

/// Issue 3's target: assembling J (2n × 2n) costs less than two dense n×n products.
enum JacobianBenchmarks {
    static func run() throws {
        print("## Jacobian assembly vs dgemm (median of 5; dense W_r and dense W)")
        print("")
        print("| n | assemble flow J (2n×2n) | dgemm n×n | ratio | residual F alone |")
        print("| --- | --- | --- | --- | --- |")
        let builder = JacobianBuilder()
        for n in [100, 300, 1000] {
            let circuit = try BenchmarkCircuits.literature(n: n, delta: 0.3, denseNormalization: true)
            var rng = Xoshiro256StarStar(seed: 9)
            let state = (0..<n).map { _ in rng.nextUniform(-1, 1) } + (0..<n).map { _ in rng.nextUniform(0.1, 1) }
            let assembly = medianSeconds { _ = builder.flowJacobian(of: circuit, at: state) }
            let a = LinearAlgebraBenchmarks.randomMatrix(n, seed: 1), b = LinearAlgebraBenchmarks.randomMatrix(n, seed: 2)
            let gemm = medianSeconds { _ = a * b }
            let residual = medianSeconds { _ = circuit.residual(at: state) }
            print("| \(n) | \(formatSeconds(assembly)) | \(formatSeconds(gemm)) | \(String(format: "%.2f", assembly / gemm)) | \(formatSeconds(residual)) |")
        }
        print("")
    }
}
