/// The policy instruments a government (or, for logistics levers, its carriers) controls.
public enum PolicyLever: String, CaseIterable, Sendable {
  /// Most-favoured-nation tariff on imports (fraction), optionally for one sector.
  case mfnTariff = "mfn_tariff"
  /// Tariff on imports from the listed partners (fraction), optionally for one sector.
  case preferentialTariff = "preferential_tariff"
  /// Duty- and VAT-free threshold for B2C parcels, USD.
  case deMinimisUSD = "de_minimis_usd"
  /// Share of the tariff a dutiable B2C parcel pays (0–2; 1 the ordinary tariff): a
  /// cross-border retail import regime, such as China's from April 2016 (no duty).
  case parcelDutyFactor = "parcel_duty_factor"
  /// Share of the import VAT a dutiable B2C parcel pays (0–2; 1 the ordinary VAT): China's
  /// cross-border retail imports pay 70 % of it from April 2016.
  case parcelVATFactor = "parcel_vat_factor"
  /// Customs clearance days for imports.
  case clearanceDays = "clearance_days"
  /// Extra logistics infrastructure investment, percent of GDP per year.
  case infrastructureInvestmentPercentGDP = "infrastructure_investment_percent_gdp"
  /// Payment-security regulation: a floor on the security of platforms serving the country (0–1).
  case paymentSecurityFloor = "payment_security_floor"
  /// Legal enforcement and online dispute resolution: points added to the enforcement index (0–1).
  case enforcementBoost = "enforcement_boost"
  /// Export VAT refund rate of the exporter's government, fraction of export value (at most the
  /// VAT rate; the input VAT not refunded is a cost of exporting).
  case exportRebate = "export_rebate"
  /// Express-carrier cooperation on parcels to the country (0–1).
  case expressCooperation = "express_cooperation"
  /// Share of B2C orders to the country fulfilled from overseas warehouses (0–1).
  case overseasWarehouseShare = "overseas_warehouse_share"
  /// Belt-and-Road infrastructure: the share by which shipping time (freight and parcel days
  /// in transit, customs aside) falls between any two of the rule's countries and between
  /// each of them and China (0–0.9), as in published counterfactuals of the initiative
  /// (de Soyres et al. 2019: 1.2–12 % by economy).
  case corridorShippingTimeCut = "corridor_shipping_time_cut"
  /// Belt-and-Road infrastructure: the share by which trade costs (freight and parcel costs)
  /// fall between any two of the rule's countries and between each of them and China (0–0.9).
  case corridorTradeCostCut = "corridor_trade_cost_cut"

  /// Allowed range of the instrument's values.
  public var range: ClosedRange<Double> {
    switch self {
    case .mfnTariff, .preferentialTariff: return 0...5
    case .deMinimisUSD: return 0...1_000_000
    case .clearanceDays: return 0...120
    case .infrastructureInvestmentPercentGDP: return 0...20
    case .paymentSecurityFloor, .enforcementBoost, .expressCooperation, .overseasWarehouseShare:
      return 0...1
    case .exportRebate: return 0...0.5
    case .parcelDutyFactor, .parcelVATFactor: return 0...2
    case .corridorShippingTimeCut, .corridorTradeCostCut: return 0...0.9
    }
  }

  /// A short readable name with the unit of its values (figure axes, codebooks).
  public var label: String {
    switch self {
    case .mfnTariff: return "MFN tariff (fraction)"
    case .preferentialTariff: return "preferential tariff (fraction)"
    case .deMinimisUSD: return "de minimis threshold (USD)"
    case .parcelDutyFactor: return "parcel duty factor (share of the tariff)"
    case .parcelVATFactor: return "parcel VAT factor (share of the VAT)"
    case .clearanceDays: return "customs clearance (days)"
    case .infrastructureInvestmentPercentGDP:
      return "infrastructure investment (% of GDP a year)"
    case .paymentSecurityFloor: return "payment security floor (0-1)"
    case .enforcementBoost: return "enforcement boost (index points)"
    case .exportRebate: return "export VAT refund (fraction of value)"
    case .expressCooperation: return "express-carrier cooperation (0-1)"
    case .overseasWarehouseShare: return "overseas warehouse share of B2C orders"
    case .corridorShippingTimeCut: return "corridor shipping time cut (share)"
    case .corridorTradeCostCut: return "corridor trade cost cut (share)"
    }
  }

  /// Whether the lever takes a sector.
  public var acceptsSector: Bool {
    [.mfnTariff, .preferentialTariff, .exportRebate].contains(self)
  }
  /// Whether the lever needs partner countries.
  public var needsPartners: Bool { self == .preferentialTariff }
}

/// A set of countries named by ISO code, corridor, or all.
public enum CountrySelector: Sendable, Equatable {
  /// Every country.
  case all
  /// The named countries (ISO3).
  case countries([String])
  /// Every country of the named corridors.
  case corridors([Corridor])

  /// The indices of the selected countries.
  public func indices(in table: CountryTable) -> [Int] {
    switch self {
    case .all: return Array(0..<table.count)
    case .countries(let codes): return codes.compactMap { table.index(of: $0) }
    case .corridors(let corridors):
      return table.countries.filter { corridors.contains($0.corridor) }.map(\.index)
    }
  }

  /// ISO codes that the table does not know.
  public func unknownCodes(in table: CountryTable) -> [String] {
    if case .countries(let codes) = self { return codes.filter { table.index(of: $0) == nil } }
    return []
  }
}

/// One policy rule: a lever, where it applies, and its schedule.
public struct PolicyRule: Sendable, Equatable {
  /// The instrument.
  public var lever: PolicyLever
  /// The countries whose instrument it is (importers for tariffs, exporters for VAT refunds,
  /// destinations for logistics levers).
  public var countries: CountrySelector
  /// For preferential tariffs: the exporting partners.
  public var partners: CountrySelector?
  /// For sectoral levers: one sector, or nil for all.
  public var sector: Sector?
  /// The values over time.
  public var schedule: Schedule

  public init(
    lever: PolicyLever, countries: CountrySelector, partners: CountrySelector? = nil,
    sector: Sector? = nil, schedule: Schedule
  ) {
    self.lever = lever
    self.countries = countries
    self.partners = partners
    self.sector = sector
    self.schedule = schedule
  }
}

/// A preferential trade agreement: tariffs among members are the MFN tariff times
/// `tariffMultiplier`, from `sinceMonth` (model step; negative = before the start).
public struct TradeAgreement: Sendable, Equatable {
  public var name: String
  public var members: [String]
  public var tariffMultiplier: Double
  public var sinceMonth: Int
  /// A customs union or single market: trade among members is not imports at all in the
  /// members' customs statistics, so their applied tariff rates (the country table's) are
  /// those on outsiders. For a free-trade area the members' preferential rates are part of
  /// the applied mean (``ResolvedPolicyPlan/baseYearPreferenceFactor``).
  public var isCustomsUnion: Bool

  public init(
    name: String, members: [String], tariffMultiplier: Double, sinceMonth: Int = -1,
    isCustomsUnion: Bool = false
  ) {
    self.name = name
    self.members = members
    self.tariffMultiplier = tariffMultiplier
    self.sinceMonth = sinceMonth
    self.isCustomsUnion = isCustomsUnion
  }

  /// Agreements in force in 2015 among the table's countries (members not in the table are
  /// ignored). EU: the single market (the Western Europe region stands in for the EU-14, UK and
  /// EFTA); ACFTA: ASEAN–China FTA, residual tariffs ≈ 10 % of MFN; EAEU customs union; GCC
  /// customs union; China–Pakistan FTA (phase 1, about half the MFN tariff).
  public static let defaults: [TradeAgreement] = [
    TradeAgreement(
      name: "EU single market",
      members: [
        "XEU", "POL", "CZE", "SVK", "HUN", "SVN", "HRV", "ROU", "BGR", "EST", "LVA", "LTU", "GRC",
        "CYP",
      ], tariffMultiplier: 0, isCustomsUnion: true),
    TradeAgreement(
      name: "ASEAN-China FTA",
      members: ["CHN", "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"],
      tariffMultiplier: 0.1),
    TradeAgreement(
      name: "Eurasian Economic Union", members: ["RUS", "BLR", "KAZ", "KGZ", "ARM"],
      tariffMultiplier: 0, isCustomsUnion: true),
    TradeAgreement(
      name: "Gulf Cooperation Council", members: ["ARE", "SAU", "QAT", "KWT", "BHR", "OMN"],
      tariffMultiplier: 0, isCustomsUnion: true),
    TradeAgreement(name: "China-Pakistan FTA", members: ["CHN", "PAK"], tariffMultiplier: 0.5),
  ]
}

/// Everything policy: the rules with their schedules, the trade agreements, and the default
/// de-minimis thresholds by country.
public struct PolicyPlan: Sendable, Equatable {
  /// Rules applied in order (a later rule on the same instrument overrides an earlier one).
  public var rules: [PolicyRule]
  /// Trade agreements.
  public var agreements: [TradeAgreement]

  public init(rules: [PolicyRule] = [], agreements: [TradeAgreement] = TradeAgreement.defaults) {
    self.rules = rules
    self.agreements = agreements
  }

  /// The baseline: observed de-minimis changes and no other intervention.
  ///
  /// De minimis (USD): United States 200 → 800 (March 2016); EU: the 22 € VAT exemption
  /// (≈ 25 USD) abolished July 2021 → 0, while the duty relief up to 150 € held before and
  /// after (parcel duty factor 0 throughout: the model's parcels are below 150 €, and until
  /// 2026-12, when the factor was 0 only from July 2021, parcels above 22 € paid duty before
  /// the reform and the reform lowered their taxes);
  /// Russia/EAEU 1,000 € → 500 € (2019) → 200 € (2020); Indonesia 100 → 75 (Oct 2018) → 3
  /// (Jan 2020); United States 800 → 0 (suspended for goods from China on 2 May 2025 and for
  /// every origin on 29 August 2025: the threshold is the importer's, so 0 from May 2025).
  /// Other countries: the default threshold parameter.
  ///
  /// China's cross-border retail import regime: until 8 April 2016 parcels paid the postal
  /// articles tax in place of duty and VAT, 10 % on electronics, food and books and 20 % on
  /// textiles, clothing, shoes and appliances (about 15 % across the model's two sectors),
  /// waived when it came to 50 CNY or less (goods up to about 330 CNY ≈ 50 USD); from then on (Ministry of Finance, GACC and SAT
  /// notice Caiguanshui [2016] No. 18) retail imports through cross-border e-commerce pay no
  /// duty and 70 % of the import VAT from the first yuan, within a per-order limit (2,000 CNY,
  /// 5,000 CNY from 2019: above the model's orders). The postal tax is written as no duty and
  /// the import VAT rate (15 %).
  public static func baseline(calendar: ModelCalendar) -> PolicyPlan {
    func month(_ year: Int, _ month: Int) -> Int { calendar.step(year: year, month: month) }
    let eaeu: [String] = ["RUS", "BLR", "KAZ", "KGZ", "ARM"]
    return PolicyPlan(rules: [
      PolicyRule(
        lever: .deMinimisUSD, countries: .countries(["XNA"]),
        schedule: Schedule([
          .step(atMonth: -1, value: 200), .step(atMonth: month(2016, 3), value: 800),
          .step(atMonth: month(2025, 5), value: 0),
        ])),
      PolicyRule(
        lever: .deMinimisUSD, countries: .countries(["XEU"] + euMembers),
        schedule: Schedule([
          .step(atMonth: -1, value: 25), .step(atMonth: month(2021, 7), value: 0),
        ])),
      PolicyRule(
        lever: .parcelDutyFactor, countries: .countries(["XEU"] + euMembers),
        schedule: Schedule([.step(atMonth: -1, value: 0)])),
      PolicyRule(
        lever: .deMinimisUSD, countries: .countries(eaeu),
        schedule: Schedule([
          .step(atMonth: -1, value: 1_100), .step(atMonth: month(2019, 1), value: 560),
          .step(atMonth: month(2020, 1), value: 225),
        ])),
      PolicyRule(
        lever: .deMinimisUSD, countries: .countries(["CHN"]),
        schedule: Schedule([
          .step(atMonth: -1, value: 50), .step(atMonth: month(2016, 4), value: 0),
        ])),
      PolicyRule(
        lever: .parcelDutyFactor, countries: .countries(["CHN"]),
        schedule: Schedule([.step(atMonth: -1, value: 0)])),
      PolicyRule(
        lever: .parcelVATFactor, countries: .countries(["CHN"]),
        schedule: Schedule([
          .step(atMonth: -1, value: 1), .step(atMonth: month(2016, 4), value: 0.7),
        ])),
      PolicyRule(
        lever: .deMinimisUSD, countries: .countries(["IDN"]),
        schedule: Schedule([
          .step(atMonth: -1, value: 100), .step(atMonth: month(2018, 10), value: 75),
          .step(atMonth: month(2020, 1), value: 3),
        ])),
    ])
  }

  /// The EU members among the Belt-and-Road rows.
  static let euMembers = [
    "POL", "CZE", "SVK", "HUN", "SVN", "HRV", "ROU", "BGR", "EST", "LVA", "LTU", "GRC", "CYP",
  ]
}
