import ArgumentParser

/// `brisim config`: the experiment config format.
struct Config: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe or validate experiment configs.",
    subcommands: [ConfigSchemaCommand.self, ConfigCheck.self])
}
