/// BRISim's version, reported by `brisim --version` and written into every manifest.
public enum BRISimVersion {
  /// Semantic version of the tool and model.
  public static let string = "0.1.0"
}
