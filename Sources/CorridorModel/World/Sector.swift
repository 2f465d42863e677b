/// Tradable-goods sectors.
///
/// The labor-cost question of the model is about the first two: as Chinese wages rise,
/// labor-intensive exports lose share and the mix moves toward high-tech electromechanical
/// goods. `other` holds the rest of tradables (resources, chemicals, …) so that country trade
/// totals are complete; it trades mostly through traditional channels.
public enum Sector: Int, CaseIterable, Sendable, CustomStringConvertible {
  /// Textiles, apparel, footwear, furniture, toys, …: low skill, high labor cost share.
  case laborIntensive = 0
  /// High-tech electromechanical goods: electronics, machinery, phones, components.
  case highTech = 1
  /// Other tradables: resources, chemicals, food, other manufactures.
  case other = 2

  /// The name used in output tables.
  public var description: String {
    switch self {
    case .laborIntensive: return "labor_intensive"
    case .highTech: return "high_tech"
    case .other: return "other"
    }
  }
}

/// How a good reaches a foreign buyer.
public enum Channel: Int, CaseIterable, Sendable, CustomStringConvertible {
  /// Trade fairs, agents and direct contracts; freight; no platform.
  case traditional = 0
  /// Platform-matched wholesale (B2B cross-border e-commerce); freight.
  case b2bPlatform = 1
  /// Small parcels to consumers through a B2C platform.
  case b2cPlatform = 2

  /// The name used in output tables.
  public var description: String {
    switch self {
    case .traditional: return "traditional"
    case .b2bPlatform: return "b2b_platform"
    case .b2cPlatform: return "b2c_platform"
    }
  }

  /// Whether the channel is cross-border e-commerce (the industry definition counts
  /// platform-matched B2B and B2C).
  public var isECommerce: Bool { self != .traditional }
}
