import ArgumentParser
struct Map2DCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "map2d") }
