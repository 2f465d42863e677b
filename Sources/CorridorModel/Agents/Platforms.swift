import Engine

/// The kind of trade a platform intermediates.
public enum PlatformKind: String, Sendable, CaseIterable {
  /// Platform-matched wholesale (cross-border B2B e-commerce).
  case b2b
  /// Retail to consumers in small parcels (cross-border B2C e-commerce).
  case b2c
}

/// The buyers' markets a platform serves: its sellers can sell there through it.
public enum PlatformMarkets: Sendable, Equatable {
  /// Every country, its home included.
  case worldwide
  /// Every country but its home (an export marketplace: its home's buyers shop elsewhere).
  case abroad
  /// The listed countries (ISO3): a regional marketplace, or, with its home alone, an import
  /// platform that brings foreign sellers to its home's buyers.
  case only([String])

  /// Whether a platform based in `home` serves buyers in `country` (ISO3 codes).
  public func serves(_ country: String, home: String) -> Bool {
    switch self {
    case .worldwide: return true
    case .abroad: return country != home
    case .only(let list): return list.contains(country)
    }
  }
}

/// A platform as configured at the start of a run.
public struct PlatformSpec: Sendable, Equatable {
  /// Display name.
  public var name: String
  /// B2B or B2C.
  public var kind: PlatformKind
  /// ISO3 code of the home country.
  public var homeCountry: String
  /// Commission on the transaction value, fraction.
  public var commissionRate: Double
  /// Payment security (fraud detection, escrow), 0–1.
  public var paymentSecurity: Double
  /// Logistics partnerships: share of parcel days saved, 0–1.
  public var logisticsPartnership: Double
  /// Reputation with buyers, 0–1.
  public var reputation: Double
  /// The buyers' markets it serves.
  public var markets: PlatformMarkets
  /// The group it belongs to, if any: platforms of one group share their fraud-detection
  /// and escrow systems, so each has the security their pooled security stock buys.
  public var group: String?

  public init(
    name: String, kind: PlatformKind, homeCountry: String, commissionRate: Double,
    paymentSecurity: Double, logisticsPartnership: Double, reputation: Double,
    markets: PlatformMarkets = .worldwide, group: String? = nil
  ) {
    self.name = name
    self.kind = kind
    self.homeCountry = homeCountry
    self.commissionRate = commissionRate
    self.paymentSecurity = paymentSecurity
    self.logisticsPartnership = logisticsPartnership
    self.reputation = reputation
    self.markets = markets
    self.group = group
  }

  /// Stylised platforms of 2015 (names describe their type, not real firms' figures): a
  /// Chinese B2C export marketplace serving buyers everywhere but China (the AliExpress
  /// kind), a Chinese B2C import platform bringing foreign sellers to China's buyers (the Tmall
  /// Global and Kaola kind, launched 2014–2015; of one group with the export marketplace, as
  /// Tmall Global and AliExpress share Alibaba's risk control), a Southeast-Asian B2C marketplace serving
  /// ASEAN, a Russian B2C marketplace serving the Eurasian Economic Union, a Chinese global
  /// B2B marketplace and a smaller Chinese B2B marketplace. Commissions follow published
  /// seller fees (B2C 5–8 %, B2B 2–3 % plus memberships).
  public static let defaults: [PlatformSpec] = [
    PlatformSpec(
      name: "global_b2c_cn", kind: .b2c, homeCountry: "CHN", commissionRate: 0.08,
      paymentSecurity: 0.55, logisticsPartnership: 0.2, reputation: 0.6, markets: .abroad,
      group: "cn_b2c_group"),
    PlatformSpec(
      name: "import_b2c_cn", kind: .b2c, homeCountry: "CHN", commissionRate: 0.05,
      paymentSecurity: 0.6, logisticsPartnership: 0.2, reputation: 0.6, markets: .only(["CHN"]),
      group: "cn_b2c_group"),
    PlatformSpec(
      name: "regional_b2c_sea", kind: .b2c, homeCountry: "SGP", commissionRate: 0.06,
      paymentSecurity: 0.45, logisticsPartnership: 0.1, reputation: 0.5,
      markets: .only(["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"])),
    PlatformSpec(
      name: "regional_b2c_ru", kind: .b2c, homeCountry: "RUS", commissionRate: 0.07,
      paymentSecurity: 0.4, logisticsPartnership: 0.1, reputation: 0.45,
      markets: .only(["RUS", "BLR", "KAZ", "KGZ", "ARM"])),
    PlatformSpec(
      name: "global_b2b_cn", kind: .b2b, homeCountry: "CHN", commissionRate: 0.02,
      paymentSecurity: 0.6, logisticsPartnership: 0.0, reputation: 0.6),
    PlatformSpec(
      name: "niche_b2b_cn", kind: .b2b, homeCountry: "CHN", commissionRate: 0.03,
      paymentSecurity: 0.5, logisticsPartnership: 0.0, reputation: 0.5),
  ]
}

/// Platforms' state through a run (a handful of platforms: plain arrays, updated serially).
public final class PlatformState: @unchecked Sendable {
  public let specs: [PlatformSpec]
  /// Current commission, fraction.
  public let commissionRate: AgentColumn<Double>
  /// Current own payment security, 0–1 (before national floors): bought by the security
  /// stock (`CorridorEconomy.adaptPlatforms`).
  public let paymentSecurity: AgentColumn<Double>
  /// Accumulated spending on security net of depreciation, CNY.
  public let securityCapitalCNY: AgentColumn<Double>
  /// Current reputation, 0–1.
  public let reputation: AgentColumn<Double>
  /// Buyers served last month (weighted count of purchases or orders).
  public let buyers: AgentColumn<Double>
  /// Buyers the platform could reach in its markets: persons online (B2C), real importers (B2B).
  public let reachableBuyers: AgentColumn<Double>
  /// Real firms listed at the end of last month (the adopters of its kind that chose it).
  public let sellers: AgentColumn<Double>
  /// Market share among platforms of the same kind last month (by value).
  public let valueShare: AgentColumn<Double>
  /// Market share a year ago (for the fee rule).
  var valueShareHistory: [[Double]]
  /// Revenue last month, CNY.
  public let revenueCNY: AgentColumn<Double>
  /// Goods value bought through it last month (gross merchandise value net of taxes, frauds
  /// excluded), CNY.
  public let goodsValueCNY: AgentColumn<Double>
  /// The goods value its security protects, CNY per month: an exponential average of
  /// ``goodsValueCNY`` over `security_value_smoothing_months` (fraudsters follow a platform's
  /// sustained volume, not one month's swings).
  public let protectedGoodsValueCNY: AgentColumn<Double>

  init(specs: [PlatformSpec]) {
    self.specs = specs
    commissionRate = AgentColumn(specs.map(\.commissionRate))
    paymentSecurity = AgentColumn(specs.map(\.paymentSecurity))
    securityCapitalCNY = AgentColumn(count: specs.count, repeating: 0)
    reputation = AgentColumn(specs.map(\.reputation))
    buyers = AgentColumn(count: specs.count, repeating: 1)
    reachableBuyers = AgentColumn(count: specs.count, repeating: 0)
    sellers = AgentColumn(count: specs.count, repeating: 1)
    let sameKind = specs.map { spec in Double(specs.filter { $0.kind == spec.kind }.count) }
    valueShare = AgentColumn(sameKind.map { 1 / $0 })
    valueShareHistory = []
    revenueCNY = AgentColumn(count: specs.count, repeating: 0)
    goodsValueCNY = AgentColumn(count: specs.count, repeating: 0)
    protectedGoodsValueCNY = AgentColumn(count: specs.count, repeating: 0)
    b2bIndices = specs.indices.filter { specs[$0].kind == .b2b }
    b2cIndices = specs.indices.filter { specs[$0].kind == .b2c }
  }

  let b2bIndices: [Int]
  let b2cIndices: [Int]

  /// Indices of the platforms of `kind`.
  public func indices(of kind: PlatformKind) -> [Int] {
    kind == .b2b ? b2bIndices : b2cIndices
  }

  /// Effective security of platform `platform` in a country with the given regulation floor.
  @inlinable
  public func effectiveSecurity(_ platform: Int, floor: Double) -> Double {
    max(paymentSecurity[platform], floor)
  }
}
