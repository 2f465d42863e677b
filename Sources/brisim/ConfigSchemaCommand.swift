import ArgumentParser
import Experiments

/// `brisim config schema`: every config key with type, default, unit and meaning.
struct ConfigSchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print every config key, lever and parameter with type, default, unit and meaning.")

  func run() {
    print(ConfigSchema.text())
  }
}
