import ArgumentParser

/// The `organics` command: parsing and printing only; the mathematics lives in the modules.
@main
struct Organics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organics",
        abstract: "Stability of ORGaNICs circuits: fixed points, Jacobians, spectra, exact 2D checks, sweeps.",
        discussion: """
        Every command that takes a circuit reads a JSON case file (see README.md,
        "Case files"). Exit status: 0 success, 64 bad input (the message names the
        file, key and problem), 1 a computation failed.

        Examples:
          organics validate examples/three-neurons.json
          organics normalization examples/identity.json --json
        """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, NormalizationCommand.self, JacobianCommand.self, SolveCommand.self,
                      SpectrumCommand.self, SimulateCommand.self, Check2DCommand.self, Map2DCommand.self,
                      SweepCommand.self, SummarizeCommand.self, MergeCommand.self, SlurmCommand.self,
                      CaseTemplateCommand.self, ScalingCommand.self]
    )
}
