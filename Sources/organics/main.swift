import ArgumentParser

/// The root command (registered locally on the `sweep` branch; the lead owns this file).
struct Organics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organics",
        abstract: "Stability analysis of ORGaNICs circuits.",
        subcommands: [SweepCommand.self, SummarizeCommand.self, MergeCommand.self, SlurmCommand.self])
}

Organics.main()
