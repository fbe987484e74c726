import ArgumentParser

// Temporary root for branch `exact`; the lead's root command registers these subcommands.
struct Organics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organics", subcommands: [Check2DCommand.self, Map2DCommand.self])
}

Organics.main()
