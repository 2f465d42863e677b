/// The values a real parameter accepts: an interval whose ends are included or not.
///
/// An end is excluded where the model is undefined at it (a Gini of 1, no household income);
/// ``note`` says why, and the catalog shows it with the parameter.
public struct ParameterRange: Sendable, Equatable, CustomStringConvertible {
  public let lower: Double
  public let upper: Double
  /// Whether the value may equal ``lower`` or ``upper``.
  public let includesLower: Bool
  public let includesUpper: Bool
  /// Why an end is excluded or placed where it is (nil for ordinary closed ranges).
  public let note: String?

  /// The closed interval `bounds`.
  public init(_ bounds: ClosedRange<Double>) {
    lower = bounds.lowerBound
    upper = bounds.upperBound
    includesLower = true
    includesUpper = true
    note = nil
  }

  /// An interval with the named ends excluded (or placed) for the reason `note`.
  public init(
    lower: Double, upper: Double, includesLower: Bool = true, includesUpper: Bool = true,
    note: String
  ) {
    self.lower = lower
    self.upper = upper
    self.includesLower = includesLower
    self.includesUpper = includesUpper
    self.note = note
  }

  /// Whether `value` is a finite number inside the interval.
  public func contains(_ value: Double) -> Bool {
    value.isFinite && (includesLower ? value >= lower : value > lower)
      && (includesUpper ? value <= upper : value < upper)
  }

  /// The smallest allowed value: the lower end, or the next number above it when excluded.
  public var smallestAllowed: Double { includesLower ? lower : lower.nextUp }
  /// The largest allowed value: the upper end, or the next number below it when excluded.
  public var largestAllowed: Double { includesUpper ? upper : upper.nextDown }

  /// Interval notation: `[0.0, 1.0]`, `(0.0, 1.0]`.
  public var description: String {
    "\(includesLower ? "[" : "(")\(lower), \(upper)\(includesUpper ? "]" : ")")"
  }
}

/// One documented parameter: its config name, where it lives in ``ModelParameters``, its unit,
/// allowed range and meaning (with the source of its default).
public struct ParameterSpec: Sendable {
  /// How the value is stored.
  public enum Kind: Sendable {
    case real(WritableKeyPath<ModelParameters, Double> & Sendable, range: ParameterRange)
    case integer(WritableKeyPath<ModelParameters, Int> & Sendable, range: ClosedRange<Int>)
    case boolean(WritableKeyPath<ModelParameters, Bool> & Sendable)
  }

  /// The name used in configs (snake_case, unit in the name).
  public let name: String
  /// Storage and range.
  public let kind: Kind
  /// Unit ("fraction", "CNY", "days", "1/year", "1" for dimensionless, …).
  public let unit: String
  /// One-line meaning, with the source of the default.
  public let meaning: String

  static func real(
    _ name: String, _ keyPath: WritableKeyPath<ModelParameters, Double> & Sendable, unit: String,
    range: ClosedRange<Double>, _ meaning: String
  ) -> ParameterSpec {
    ParameterSpec(
      name: name, kind: .real(keyPath, range: ParameterRange(range)), unit: unit, meaning: meaning)
  }

  static func real(
    _ name: String, _ keyPath: WritableKeyPath<ModelParameters, Double> & Sendable, unit: String,
    range: ParameterRange, _ meaning: String
  ) -> ParameterSpec {
    ParameterSpec(name: name, kind: .real(keyPath, range: range), unit: unit, meaning: meaning)
  }

  static func integer(
    _ name: String, _ keyPath: WritableKeyPath<ModelParameters, Int> & Sendable,
    range: ClosedRange<Int>, _ meaning: String
  ) -> ParameterSpec {
    ParameterSpec(
      name: name, kind: .integer(keyPath, range: range), unit: "count", meaning: meaning)
  }

  static func boolean(
    _ name: String, _ keyPath: WritableKeyPath<ModelParameters, Bool> & Sendable, _ meaning: String
  ) -> ParameterSpec {
    ParameterSpec(name: name, kind: .boolean(keyPath), unit: "true/false", meaning: meaning)
  }

  /// The default value, as text.
  public var defaultText: String { valueText(in: ModelParameters()) }

  /// The values the parameter accepts, as text: `[0.0, 1.0]`, `(0.0, 1.0]`, `[1, 120]` or
  /// `true/false`.
  public var rangeText: String {
    switch kind {
    case .real(_, let range): "\(range)"
    case .integer(_, let bounds): "[\(bounds.lowerBound), \(bounds.upperBound)]"
    case .boolean: "true/false"
    }
  }

  /// The meaning followed by why the range ends where it does, if it says.
  public var meaningWithRangeNote: String {
    if case .real(_, let range) = kind, let note = range.note { return "\(meaning) Range: \(note)" }
    return meaning
  }

  /// The smallest and largest values the parameter accepts, as numbers (booleans: 0 and 1).
  public var extremes: (low: Double, high: Double) {
    switch kind {
    case .real(_, let range): (range.smallestAllowed, range.largestAllowed)
    case .integer(_, let bounds): (Double(bounds.lowerBound), Double(bounds.upperBound))
    case .boolean: (0, 1)
    }
  }

  /// The value in `parameters`, as text.
  public func valueText(in parameters: ModelParameters) -> String {
    switch kind {
    case .real(let keyPath, _): return "\(parameters[keyPath: keyPath])"
    case .integer(let keyPath, _): return "\(parameters[keyPath: keyPath])"
    case .boolean(let keyPath): return "\(parameters[keyPath: keyPath])"
    }
  }

  /// The value in `parameters`, as a number (booleans: 0 or 1).
  public func value(in parameters: ModelParameters) -> Double {
    switch kind {
    case .real(let keyPath, _): return parameters[keyPath: keyPath]
    case .integer(let keyPath, _): return Double(parameters[keyPath: keyPath])
    case .boolean(let keyPath): return parameters[keyPath: keyPath] ? 1 : 0
    }
  }
}

/// The catalog of every model parameter.
public enum ParameterCatalog {
  /// The source of the input-output shares.
  private static let inputSource =
    "Approximate shares of tradable intermediate inputs in China's input-output table aggregated to the three sectors (textiles' largest suppliers are textiles, agriculture and chemicals; electronics' and machinery's are electronics, machinery and metals; NBS input-output table 2017); assumption-level precision."

  /// All parameters, grouped as in ``ModelParameters``.
  public static let all: [ParameterSpec] = [
    .real(
      "cny_per_usd", \.cnyPerUSD, unit: "CNY/USD", range: 0.1...100,
      "Exchange rate used to convert the table's USD values, CNY per USD (2015 average 6.228)."),
    .real(
      "wage_growth_china_per_year", \.wageGrowthChinaPerYear, unit: "1/year", range: -0.5...1,
      "Nominal wage growth in China, per year (NBS manufacturing 2009–2022: ≈ 10.4 %)."),
    .real(
      "wage_growth_corridor_per_year", \.wageGrowthCorridorPerYear, unit: "1/year", range: -0.5...1,
      "Nominal wage growth in Belt-and-Road countries, per year (assumption)."),
    .real(
      "wage_growth_rest_of_world_per_year", \.wageGrowthRestOfWorldPerYear, unit: "1/year",
      range: -0.5...1, "Nominal wage growth in the rest-of-world regions, per year (assumption)."),
    .real(
      "gdp_growth_china_per_year", \.gdpGrowthChinaPerYear, unit: "1/year", range: -0.5...1,
      "Nominal GDP growth of China, per year (2015–2019 average ≈ 8 %)."),
    .real(
      "gdp_growth_corridor_per_year", \.gdpGrowthCorridorPerYear, unit: "1/year", range: -0.5...1,
      "Nominal GDP growth of Belt-and-Road countries, per year (assumption)."),
    .real(
      "gdp_growth_rest_of_world_per_year", \.gdpGrowthRestOfWorldPerYear, unit: "1/year",
      range: -0.5...1, "Nominal GDP growth of the rest-of-world regions, per year (assumption)."),
    .real(
      "internet_growth_rate_per_year", \.internetGrowthRatePerYear, unit: "1/year", range: 0...5,
      "Logistic growth rate of internet penetration, per year (China 50 % → 64.5 %, 2015–2019)."),
    .real(
      "internet_ceiling_share", \.internetCeilingShare, unit: "fraction", range: 0...1,
      "Ceiling of internet penetration."),
    .real(
      "exchange_rate_noise_per_month", \.exchangeRateNoisePerMonth, unit: "log SD",
      range: ParameterRange(
        lower: 0, upper: 0.1,
        note:
          "At most 0.1 (about 35 % a year, beyond the most volatile floating currencies): the shocks are mean-preserving, but a larger monthly SD spreads the exchange-rate index over orders of magnitude within a run."
      ),
      "Standard deviation of monthly log exchange-rate shocks, mean-preserving: index × exp(σZ − σ²/2) (0 = fixed rates)."
    ),
    .real(
      "elasticity_of_substitution", \.elasticityOfSubstitution, unit: "1", range: 1.5...20,
      "Elasticity of substitution between varieties σ; markups are σ/(σ − 1) (Simonovska & Waugh 2014: trade elasticity ≈ 4)."
    ),
    .real(
      "productivity_pareto_shape", \.productivityParetoShape, unit: "1", range: 1.05...20,
      "Shape of the Pareto distribution of firm productivity (k/(σ − 1) ≈ 1 gives Zipf sizes)."),
    .real(
      "productivity_income_elasticity_labor_intensive",
      \.productivityIncomeElasticityLaborIntensive, unit: "1", range: -2...3,
      "Elasticity of a country's labor-intensive productivity to its GDP per capita."),
    .real(
      "productivity_income_elasticity_high_tech", \.productivityIncomeElasticityHighTech, unit: "1",
      range: -2...3, "Elasticity of a country's high-tech productivity to its GDP per capita."),
    .real(
      "productivity_income_elasticity_other", \.productivityIncomeElasticityOther, unit: "1",
      range: -2...3, "Elasticity of a country's other-tradables productivity to its GDP per capita."
    ),
    .real(
      "china_high_tech_productivity_premium", \.chinaHighTechProductivityPremium, unit: "1",
      range: 0.1...10,
      "China's high-tech productivity premium from supply-chain clusters (assumption)."),
    .real(
      "china_labor_intensive_cluster_premium", \.chinaLaborIntensiveClusterPremium, unit: "1",
      range: 0.1...10,
      "China's labor-intensive productivity premium from supplier clusters, skills and infrastructure, which relocation gives up (assumption)."
    ),
    .real(
      "china_high_tech_productivity_growth_per_year", \.chinaHighTechProductivityGrowthPerYear,
      unit: "1/year", range: -0.5...1,
      "Extra yearly productivity growth of Chinese high-tech firms on top of China's general growth (industrial upgrading; assumption)."
    ),
    .real(
      "productivity_growth_china_per_year", \.productivityGrowthChinaPerYear, unit: "1/year",
      range: -0.5...1,
      "Labor productivity growth of Chinese manufacturing, per year (≈ 7 % in 2015–2019, NBS; offsets most of the wage growth): the mean over sectors; sector s's productivity grows by the factor (1 + this)^(ρ_s/ρ̄) a year, ρ_s its income elasticity of productivity and ρ̄ their mean."
    ),
    .real(
      "productivity_growth_corridor_per_year", \.productivityGrowthCorridorPerYear, unit: "1/year",
      range: -0.5...1,
      "Labor productivity growth of manufacturing in Belt-and-Road countries, per year (assumption)."
    ),
    .real(
      "productivity_growth_rest_of_world_per_year", \.productivityGrowthRestOfWorldPerYear,
      unit: "1/year", range: -0.5...1,
      "Labor productivity growth of manufacturing in the rest-of-world regions, per year (assumption)."
    ),
    .real(
      "capacity_to_absorption_ratio", \.capacityToAbsorptionRatio, unit: "1", range: 0.1...100,
      "Production capacity of a country's sector relative to its own tradables demand at the start (growing with GDP), shared by its firms: when their sales exceed it, all of their marginal costs rise. Countries cannot supply beyond it without rising costs (assumption)."
    ),
    .real(
      "relocated_capacity_share", \.relocatedCapacityShare, unit: "fraction", range: 0...1,
      "Share of their part of the home sector's capacity that relocating producers take abroad (their plant, equipment and management; the labor and land stay): it leaves the home's capacity and joins the hosts'. Assumption: about capital's share of industrial value added in China, one half (Bai and Qian 2010, China Economic Review)."
    ),
    .real(
      "congestion_cost_elasticity", \.congestionCostElasticity, unit: "1", range: 0...20,
      "Elasticity of marginal cost to capacity utilization above 1: cost × utilization^this (assumption)."
    ),
    .real(
      "maximum_congestion_cost_multiplier", \.maximumCongestionCostMultiplier, unit: "1",
      range: 1...1e6,
      "Ceiling of the congestion multiplier of marginal cost: keeps extreme utilization finite (a country-sector far beyond capacity is priced out of its markets well before). The baseline's multipliers stay far below it (assumption)."
    ),
    .real(
      "cost_adjustment_per_month", \.costAdjustmentPerMonth, unit: "1/month", range: 0...1,
      "Share of the gap to the congestion-cost target closed each month."),
    .real(
      "sector_share_labor_intensive", \.sectorShareLaborIntensive, unit: "fraction", range: 0...1,
      "Share of tradables demand in the labor-intensive sector."),
    .real(
      "sector_share_high_tech", \.sectorShareHighTech, unit: "fraction", range: 0...1,
      "Share of tradables demand in the high-tech sector."),
    .real(
      "labor_intensive_inputs_from_labor_intensive", \.laborIntensiveInputsFromLaborIntensive,
      unit: "fraction", range: 0...1,
      "Share of labor-intensive producers' materials bought from the labor-intensive sector (yarn, fabrics, leather). \(inputSource)"
    ),
    .real(
      "labor_intensive_inputs_from_high_tech", \.laborIntensiveInputsFromHighTech,
      unit: "fraction", range: 0...1,
      "Share of labor-intensive producers' materials bought from the high-tech sector (machinery parts, electronics); the rest are other goods. \(inputSource)"
    ),
    .real(
      "high_tech_inputs_from_labor_intensive", \.highTechInputsFromLaborIntensive,
      unit: "fraction", range: 0...1,
      "Share of high-tech producers' materials bought from the labor-intensive sector. \(inputSource)"
    ),
    .real(
      "high_tech_inputs_from_high_tech", \.highTechInputsFromHighTech, unit: "fraction",
      range: 0...1,
      "Share of high-tech producers' materials bought from the high-tech sector (components, chips, machinery parts); the rest are other goods (metals, plastics, chemicals). \(inputSource)"
    ),
    .real(
      "other_inputs_from_labor_intensive", \.otherInputsFromLaborIntensive, unit: "fraction",
      range: 0...1,
      "Share of other producers' materials bought from the labor-intensive sector. \(inputSource)"
    ),
    .real(
      "other_inputs_from_high_tech", \.otherInputsFromHighTech, unit: "fraction", range: 0...1,
      "Share of other producers' materials bought from the high-tech sector; the rest are other goods. \(inputSource)"
    ),
    .real(
      "household_income_share_of_gdp", \.householdIncomeShareOfGDP, unit: "fraction", range: 0...1,
      "Household disposable income as a share of GDP."),
    .real(
      "household_tradables_budget_share", \.householdTradablesBudgetShare, unit: "fraction",
      range: 0...1, "Share of household income spent on tradable goods."),
    .real(
      "income_gini", \.incomeGini, unit: "fraction",
      range: ParameterRange(
        lower: 0, upper: 0.9,
        note:
          "At most 0.9: national income Ginis lie between about 0.23 and 0.65, and toward 1 the lognormal's log-variance diverges (at 1 one household holds all income); 0 gives every household the mean income."
      ),
      "Income Gini coefficient of households (lognormal incomes)."),
    .real(
      "tariff_multiplier_labor_intensive", \.tariffMultiplierLaborIntensive, unit: "1",
      range: 0...10,
      "Tariff multiplier for labor-intensive goods relative to the average applied tariff (tariff escalation on consumer goods)."
    ),
    .real(
      "tariff_multiplier_high_tech", \.tariffMultiplierHighTech, unit: "1", range: 0...10,
      "Tariff multiplier for high-tech goods (ITA: many electronics duty-free)."),
    .real(
      "tariff_multiplier_other", \.tariffMultiplierOther, unit: "1", range: 0...10,
      "Tariff multiplier for other tradables."),
    .real(
      "import_vat_rate", \.importVATRate, unit: "fraction", range: 0...1,
      "VAT on goods, fraction: on dutiable parcels, on retail purchases (domestic goods and imports alike) and on producers' materials (credited on domestic sales, refunded on exports at the export rebate rate)."
    ),
    .real(
      "de_minimis_default_usd", \.deMinimisDefaultUSD, unit: "USD", range: 0...100000,
      "De-minimis threshold for duty- and VAT-free B2C parcels, USD, where a country has no schedule."
    ),
    .real(
      "clearance_days_base", \.clearanceDaysBase, unit: "days", range: 0...60,
      "Customs clearance days at LPI 5 (clearance days = base + slope·(5 − LPI))."),
    .real(
      "clearance_days_per_lpi_point", \.clearanceDaysPerLPIPoint, unit: "days", range: 0...30,
      "Extra clearance days per LPI point below 5."),
    .real(
      "internal_distance_km", \.internalDistanceKm, unit: "km", range: 1...5000,
      "Internal distance of a country for domestic trade, km."),
    .real(
      "freight_cost_share_at_1000_km", \.freightCostShareAt1000Km, unit: "fraction", range: 0...1,
      "Freight cost as a share of value at 1,000 km between LPI-3 countries."),
    .real(
      "freight_distance_elasticity", \.freightDistanceElasticity, unit: "1", range: 0...2,
      "Elasticity of freight cost to distance."),
    .real(
      "logistics_cost_per_lpi_point", \.logisticsCostPerLPIPoint, unit: "1", range: 0...3,
      "Fall of logistics costs per LPI point above 3 (both ends summed), log points."),
    .real(
      "freight_speed_km_per_day", \.freightSpeedKmPerDay, unit: "km/day", range: 10...5000,
      "Freight transit speed, km per day (sea and rail blended)."),
    .real(
      "freight_handling_days", \.freightHandlingDays, unit: "days", range: 0...60,
      "Port and handling days of freight."),
    .real(
      "parcel_cost_cny", \.parcelCostCNY, unit: "CNY", range: 0...1000,
      "Cost of one cross-border parcel at 1,000 km between LPI-3 countries, CNY."),
    .real(
      "parcel_cost_per_1000_km_cny", \.parcelCostPer1000KmCNY, unit: "CNY", range: 0...1000,
      "Extra parcel cost per 1,000 km, CNY."),
    .real(
      "standard_parcel_value_cny", \.standardParcelValueCNY, unit: "CNY", range: 1...100000,
      "Value of a country's mean household's parcel order in 2015, CNY (a household's scales with its income relative to its country's mean: parcel_value_income_elasticity); it expresses parcel costs as a share of value and decides which parcels exceed a de minimis."
    ),
    .real(
      "parcel_value_income_elasticity", \.parcelValueIncomeElasticity, unit: "1", range: 0...2,
      "Elasticity of a household's order value to its income relative to its country's mean: order value = standard parcel value × (income / mean)^e × GDP index. Richer households place larger orders, which cross de-minimis thresholds sooner and spread the per-order parcel cost (assumption: 0.5)."
    ),
    .real(
      "cross_border_purchase_share_floor", \.crossBorderPurchaseShareFloor, unit: "fraction",
      range: 0...1,
      "A household agent's cross-border share of its online budget below this is bought as this share with probability share/floor (the domestic routes rescaled to fill the rest): expectations unchanged, fewer parcel orders to simulate (numerical device, not behaviour; 0: every agent buys its exact share every month)."
    ),
    .real(
      "domestic_parcel_cost_factor", \.domesticParcelCostFactor, unit: "fraction", range: 0...1,
      "Cost of a domestic parcel relative to the parcel-cost formula at the same distance and LPI (no customs broker, one carrier, denser domestic networks; assumption: one half)."
    ),
    .real(
      "parcel_base_days", \.parcelBaseDays, unit: "days", range: 0...60,
      "Parcel transit days at zero distance (pick-up, sorting, last mile)."),
    .real(
      "parcel_days_per_1000_km", \.parcelDaysPer1000Km, unit: "days", range: 0...30,
      "Parcel days per 1,000 km."),
    .real(
      "parcel_days_per_lpi_point", \.parcelDaysPerLPIPoint, unit: "days", range: 0...30,
      "Extra parcel days per LPI point below 5 at the destination."),
    .real(
      "parcel_loss_probability", \.parcelLossProbability, unit: "fraction", range: 0...1,
      "Parcel loss probability between LPI-3 countries."),
    .real(
      "freight_loss_probability", \.freightLossProbability, unit: "fraction", range: 0...1,
      "Freight loss or damage probability between LPI-3 countries."),
    .real(
      "transit_day_cost_share", \.transitDayCostShare, unit: "1/day", range: 0...0.05,
      "Cost to a wholesale buyer of each day its goods spend in freight and customs, share of their value (inventory finance, loss of value; cargo insurance is the freight loss probability, added apart). Hummels and Schaur (2013): 0.6–2.1 % a day for goods shipped by air, the most time-sensitive; 0.5 % for the average good (assumption)."
    ),
    .real(
      "lpi_gain_per_log_infrastructure", \.lpiGainPerLogInfrastructure, unit: "LPI points",
      range: 0...10, "Effective LPI gain per unit of log infrastructure stock."),
    .real(
      "infrastructure_lag_months", \.infrastructureLagMonths, unit: "months", range: 0...240,
      "Months before infrastructure investment becomes usable stock."),
    .real(
      "infrastructure_gain_per_percent_gdp_year", \.infrastructureGainPerPercentGDPYear,
      unit: "log points", range: 0...5,
      "Infrastructure stock gained per 1 % of GDP invested for a year (log points)."),
    .real(
      "express_cooperation_days_reduction", \.expressCooperationDaysReduction, unit: "fraction",
      range: 0...1, "Share of parcel days saved by full express-carrier cooperation."),
    .real(
      "overseas_warehouse_days", \.overseasWarehouseDays, unit: "days", range: 0...60,
      "Delivery days of an order fulfilled from an overseas warehouse."),
    .real(
      "fixed_cost_share_traditional", \.fixedCostShareTraditional, unit: "fraction", range: 0...1,
      "Fixed cost of serving one market through traditional channels, per month, as a share of the monthly revenue of the median firm of its country and sector at the start, times the country's wage index (agents, fairs, compliance)."
    ),
    .real(
      "fixed_cost_share_b2b", \.fixedCostShareB2B, unit: "fraction", range: 0...1,
      "Fixed cost of one market through a B2B platform (membership, listings), same units."),
    .real(
      "fixed_cost_share_b2c", \.fixedCostShareB2C, unit: "fraction", range: 0...1,
      "Fixed cost of one market through a B2C platform (listings, customer service), same units."),
    .real(
      "sunk_cost_months", \.sunkCostMonths, unit: "months", range: 0...240,
      "Sunk cost of entering a market, in months of the channel's fixed cost."),
    .real(
      "entry_payback_months", \.entryPaybackMonths, unit: "months", range: 1...240,
      "Horizon over which a firm expects a market's operating profit to repay the sunk cost of entering it: it enters when (revenue/σ − F)·horizon > sunk cost (assumption: two years)."
    ),
    .real(
      "traditional_intermediary_fee_rate", \.traditionalIntermediaryFeeRate, unit: "fraction",
      range: 0...1, "Agent and intermediary fee of traditional trade, share of the value."),
    .real(
      "market_review_probability_per_month", \.marketReviewProbabilityPerMonth, unit: "1/month",
      range: 0...1, "Probability per month that a firm reviews its markets and channels."),
    .real(
      "latent_market_share", \.latentMarketShare, unit: "fraction",
      range: ParameterRange(
        lower: 0, upper: 1, includesLower: false,
        note:
          "Above 0: markets start without sellers, so with no latent share nobody ever expects revenue from entering and trade never starts."
      ),
      "Share of a market's budget (the importers' budget for the sector, or the online households' budget for it) that a newcomer can hope to reach where the market's sellers took less last month, Θ = max(R, this × budget)/D: in a market without sellers it is all a newcomer can expect; a platform, as sellers judge it, counts the same share of the buyers it could reach on top of last month's (assumption)."
    ),
    .real(
      "adoption_innovation_per_month", \.adoptionInnovationPerMonth, unit: "1/month", range: 0...1,
      "Bass innovation coefficient of e-commerce adoption, per month."),
    .real(
      "adoption_imitation_per_month", \.adoptionImitationPerMonth, unit: "1/month", range: 0...1,
      "Bass imitation coefficient (times the adopter share among peers), per month (calibrated to CBEC growth 2015–2019)."
    ),
    .real(
      "foreign_platform_adoption_factor", \.foreignPlatformAdoptionFactor, unit: "fraction",
      range: 0...1,
      "How much less likely sellers are to join platforms not based in their country (language, payments, support); 1 = no difference (calibrated on China's CBEC 2015–2019: it sets how many foreign sellers reach China's buyers)."
    ),
    .real(
      "exit_after_loss_months", \.exitAfterLossMonths, unit: "months", range: 1...240,
      "Consecutive loss-making months after which a firm exits (a pool of relocated producers sheds 1/this of its firms each month while it keeps losing; they are replaced at home)."
    ),
    .real(
      "relocation_cost_saving_threshold", \.relocationCostSavingThreshold, unit: "fraction",
      range: 0...1,
      "Saving the most mobile exporters need to move: how far a corridor country's labor-intensive unit cost (labor and materials, congestion included) must fall relative to home's, below its base-year ratio (or below parity if it was dearer), before the first of home's exporters move production there. The saving firms need is spread uniformly between this and 100 %, so a host offering saving S attracts (S − τ)/(1 − τ) of them (covers relocation cost and risk; assumption)."
    ),
    .real(
      "relocation_review_probability_per_month", \.relocationReviewProbabilityPerMonth,
      unit: "1/month", range: 0...1,
      "Rate at which labor-intensive exporters review their location: each month this share of the home's exporters who would rather produce abroad (at today's cost gaps) and are not yet abroad moves."
    ),
    .real(
      "export_rebate_rate", \.exportRebateRate, unit: "fraction",
      range: ParameterRange(
        lower: 0, upper: 0.5,
        note:
          "At most 0.5, as the export_rebate lever; rates above import_vat_rate refund the VAT in full (a refund returns VAT paid, it is no subsidy)."
      ),
      "China's export VAT refund rate, share of the export (FOB) value (other countries refund in full, at import_vat_rate); the input VAT not refunded, (import_vat_rate − this) × the export value, is a cost of exporting. Assumption: four points below the VAT rate, China's typical gap in 2015 (17 % VAT, refund rates mostly 9–15 %); policy schedules override."
    ),
    .real(
      "initial_b2b_adoption_share", \.initialB2BAdoptionShare, unit: "fraction", range: 0...1,
      "Share of firms on a B2B platform in January 2015, times the country's internet share (the diffusion starts then; calibrated to the B2B share and CBEC volume)."
    ),
    .real(
      "initial_b2c_adoption_share", \.initialB2CAdoptionShare, unit: "fraction", range: 0...1,
      "Share of firms selling through a B2C platform in January 2015, times the country's internet share (the diffusion starts then; calibrated to the B2C share and CBEC's volume 2015–2019)."
    ),
    .real(
      "real_firms_per_billion_usd_gdp", \.realFirmsPerBillionUSDGDP, unit: "firms per bn USD",
      range: 0.001...100000,
      "Real manufacturing firms per billion USD of GDP (assumption). It sets how many firms a country-sector's size distribution holds, hence how large its largest firms are relative to the mean (a granular economy: the largest firm's φ^(σ−1) grows like (2M)^β, and the mean, about 16 − 14·M^(−0.06) at the defaults, with it), and with them price indices — not only the agents' weights."
    ),
    .real(
      "real_importers_per_billion_usd_gdp", \.realImportersPerBillionUSDGDP,
      unit: "importers per bn USD", range: 0.001...100000,
      "Real importing businesses per billion USD of GDP, for importer weights (assumption; counts only)."
    ),
    .integer(
      "spin_up_months", \.spinUpMonths, range: 0...600,
      "Months simulated at base-year conditions before the calendar starts, so that markets, suppliers and trust settle; not written to outputs."
    ),
    .real(
      "consumer_price_sensitivity", \.consumerPriceSensitivity, unit: "1", range: 0...50,
      "Coefficient of the log delivered price in consumer utility (demand elasticity − 1)."),
    .real(
      "consumer_delivery_day_cost", \.consumerDeliveryDayCost, unit: "utility/day", range: 0...10,
      "Utility cost per delivery day."),
    .real(
      "consumer_risk_aversion", \.consumerRiskAversion, unit: "utility", range: 0...1000,
      "Utility cost per unit of perceived fraud-or-loss probability."),
    .real(
      "distrust_risk_amplification", \.distrustRiskAmplification, unit: "1", range: 0...100,
      "How much distrust amplifies perceived risk (perceived = risk·(1 + this·(1 − trust)))."),
    .real(
      "distrust_penalty", \.distrustPenalty, unit: "utility", range: 0...100,
      "Utility penalty of buying cross-border at zero trust (scaled by 1 − trust)."),
    .real(
      "cross_border_variety_utility", \.crossBorderVarietyUtility, unit: "utility", range: -10...10,
      "Utility of a cross-border variety against a domestic one (the households' home bias), net of unmodelled frictions of buying abroad (calibrated to China's CBEC and B2B share 2015–2019)."
    ),
    .real(
      "foreign_variety_income_elasticity", \.foreignVarietyIncomeElasticity, unit: "1",
      range: 0...3,
      "Non-homothetic taste for foreign varieties: a household's utility of a cross-border offer rises by this × log(its income / China's base-year mean household income), so richer households, and all of them as incomes grow, buy a larger share abroad (calibrated; import shares rise with income per capita: Fieler 2011)."
    ),
    .real(
      "domestic_online_utility", \.domesticOnlineUtility, unit: "utils", range: -10...10,
      "Utility of buying from a domestic online shop relative to a retailer, beyond price, delivery and familiarity (seeing the goods, returns; calibrated on the online share of China's retail sales in 2015)."
    ),
    .real(
      "online_unfamiliarity_cost", \.onlineUnfamiliarityCost, unit: "utils", range: 0...20,
      "Utility a household without online experience loses on any online purchase, domestic or cross-border (learning the shop, setting up payment, not knowing what to expect): −ω(1 − familiarity). With learning by doing it drives the diffusion of online shopping (calibrated on the online share of China's retail sales in 2019)."
    ),
    .real(
      "online_familiarity_gain_per_order", \.onlineFamiliarityGainPerOrder, unit: "fraction",
      range: 0...1,
      "Familiarity gained with each delivered online order, as a share of the distance to 1 (learning by doing; calibrated on the online share of China's retail sales 2015–2019)."
    ),
    .real(
      "online_shopping_experience_months", \.onlineShoppingExperienceMonths, unit: "months",
      range: 0...600,
      "Months of online orders at the rate of January 2015 that a household's familiarity reflects in January 2015: during the spin-up its familiarity is set to 1 − (1 − g)^(H·k), k its orders per person that month, a fixed point reached by the spin-up's end (offline households have none). Orders before 2015 in a market growing at rate γ a year sum to the 2015 rate × 12/ln(1 + γ) months; China's online shopping grew about 50 % a year 2010–2015 (0.52 trillion CNY in 2010, iResearch; 3.88 trillion online retail sales in 2015, NBS), so 12/ln 1.5 ≈ 30 months (assumption: the same history everywhere)."
    ),
    .real(
      "quality_utility", \.qualityUtility, unit: "utility", range: 0...100,
      "Coefficient of offer quality (seller and platform reputation) in utility."),
    .real(
      "domestic_retail_margin", \.domesticRetailMargin, unit: "fraction", range: 0...5,
      "Retail margin of the domestic offline option over producer prices."),
    .integer(
      "featured_offers_per_block", \.featuredOffersPerBlock, range: 1...256,
      "Offers a platform features to a block of consumers."),
    .integer(
      "consideration_set_size", \.considerationSetSize, range: 1...64,
      "Offers in one consumer's consideration set (besides the domestic option)."),
    .real(
      "initial_trust_mean", \.initialTrustMean, unit: "fraction", range: 0...1,
      "Mean initial trust in cross-border purchases at zero enforcement."),
    .real(
      "initial_trust_per_enforcement", \.initialTrustPerEnforcement, unit: "fraction", range: 0...1,
      "Extra initial trust per unit of legal enforcement (0–1)."),
    .real(
      "initial_trust_concentration", \.initialTrustConcentration, unit: "1", range: 0.1...1000,
      "Concentration (a + b) of the Beta distribution of initial trust."),
    .real(
      "trust_gain_per_good_purchase", \.trustGainPerGoodPurchase, unit: "fraction", range: 0...1,
      "Trust gain after a good purchase, as a share of the distance to 1."),
    .real(
      "trust_kept_after_fraud", \.trustKeptAfterFraud, unit: "fraction", range: 0...1,
      "Trust kept after a fraud."),
    .real(
      "trust_kept_after_loss", \.trustKeptAfterLoss, unit: "fraction", range: 0...1,
      "Trust kept after a lost parcel."),
    .real(
      "trust_kept_after_late_delivery", \.trustKeptAfterLateDelivery, unit: "fraction",
      range: 0...1, "Trust kept after a late delivery."),
    .real(
      "late_delivery_tolerance_days", \.lateDeliveryToleranceDays, unit: "days", range: 0...60,
      "Days beyond the expected delivery time that count as late."),
    .real(
      "delivery_time_noise", \.deliveryTimeNoise, unit: "log SD", range: 0...3,
      "Standard deviation of log delivery-time noise."),
    .real(
      "word_of_mouth_weight_per_month", \.wordOfMouthWeightPerMonth, unit: "1/month", range: 0...1,
      "Word of mouth: monthly pull of a consumer's trust toward a random compatriot's."),
    .real(
      "domestic_fraud_probability", \.domesticFraudProbability, unit: "fraction", range: 0...1,
      "Fraud probability of a domestic online purchase: LexisNexis True Cost of Fraud (2013), fraud losses of 0.51 % of revenue for all (mostly domestic) merchants, the counterpart of the 1.69 % of international merchants (the cross-border and domestic rates and their ratio are outcomes)."
    ),
    .real(
      "cross_border_fraud_probability", \.crossBorderFraudProbability, unit: "fraction",
      range: 0...1,
      "Fraud probability of an unprotected cross-border purchase at zero enforcement and security."),
    .real(
      "importer_size_pareto_shape", \.importerSizeParetoShape, unit: "1", range: 1.01...10,
      "Pareto shape α of importer sizes (heavy-tailed; above 1). Agents stand for strata of this distribution, the large importers oversampled: budgets and weights both vary."
    ),
    .integer(
      "supplier_slots", \.supplierSlots, range: 1...8,
      "Most supplier relationships an importer keeps (the largest importers keep this many)."),
    .real(
      "supplier_count_size_elasticity", \.supplierCountSizeElasticity, unit: "1", range: 0...2,
      "Suppliers an importer keeps: its size (purchases relative to the smallest importer) to this power, rounded, between 1 and supplier_slots. At 0 every importer keeps one supplier (assumption: larger buyers source from more suppliers). The links sample the market, so their number sets how closely an importer's sourcing follows the market's CES shares, not its import share."
    ),
    .real(
      "home_bias_weight", \.homeBiasWeight, unit: "1",
      range: ParameterRange(
        lower: 0, upper: 1000, includesLower: false,
        note:
          "Above 0: at 0 domestic goods are worthless to businesses, whose budgets then have nowhere to go before they find a foreign supplier."
      ),
      "Home bias: weight of each domestic real firm against each foreign real firm listed in the market, at equal prices, in the importers' CES sourcing (calibrated to China's goods trade 2015–2019)."
    ),
    .real(
      "supplier_search_probability_per_month", \.supplierSearchProbabilityPerMonth, unit: "1/month",
      range: 0...1, "Probability per month that an importer searches for a new supplier."),
    .real(
      "spin_up_supplier_search_probability", \.spinUpSupplierSearchProbability,
      unit: "1/month", range: 0...1,
      "Probability per month that an importer searches during the spin-up (at least the ordinary rate): the supplier networks of 2015 form quickly, before the calendar starts (numerical device, not behaviour)."
    ),
    .real(
      "relationship_separation_per_month", \.relationshipSeparationPerMonth, unit: "1/month",
      range: 0...1,
      "Probability per month that a supplier relationship ends for reasons outside the model (needs change, staff, disputes; assumption: ≈ 22 % a year, below the separation rates of new buyer-seller matches in Eaton et al. 2021)."
    ),
    .real(
      "initial_importer_platform_share", \.initialImporterPlatformShare, unit: "fraction",
      range: 0...1,
      "Share of importers sourcing through B2B platforms in January 2015, times the country's internet share (the diffusion starts then; calibrated to CBEC's volume and growth 2015–2019)."
    ),
    .real(
      "importer_sourcing_innovation_per_month", \.importerSourcingInnovationPerMonth,
      unit: "1/month", range: 0...1,
      "Bass innovation coefficient of importers' take-up of online (B2B platform) sourcing, per month, times the country's internet share (assumption: as firms' adoption)."
    ),
    .real(
      "importer_sourcing_imitation_per_month", \.importerSourcingImitationPerMonth,
      unit: "1/month", range: 0...1,
      "Bass imitation coefficient of importers' take-up of online sourcing (times the share of the country's importers already sourcing online), per month; buyers' diffusion is separate from sellers' (calibrated to CBEC's volume and growth 2015–2019)."
    ),
    .real(
      "importer_sourcing_potential_share", \.importerSourcingPotentialShare, unit: "fraction",
      range: 0...1,
      "Bass market potential m of importers' online sourcing: the share of a country's importers who ever source online (their goods, sizes and relationships suit a platform; long contracts and bulk inputs stay with agents and fairs). Importers online x move by (p + q·x̄/m)·internet share of the way to m (calibrated to CBEC's volume and growth 2015–2019)."
    ),
    .real(
      "platform_search_share_of_adopters", \.platformSearchShareOfAdopters, unit: "fraction",
      range: 0...1,
      "Share of an online-sourcing importer's searches that go through a B2B platform (the rest through fairs and agents). Importers take up online sourcing by a Bass diffusion of their own (`importer_sourcing_*_per_month`)."
    ),
    .real(
      "traditional_search_success", \.traditionalSearchSuccess, unit: "fraction", range: 0...1,
      "Success probability of a traditional search (fairs, agents)."),
    .real(
      "platform_search_success", \.platformSearchSuccess, unit: "fraction", range: 0...1,
      "Success probability of a B2B platform search."),
    .real(
      "traditional_search_cost_share", \.traditionalSearchCostShare, unit: "fraction", range: 0...1,
      "Cost of a traditional search, share of the importer's monthly budget."),
    .real(
      "platform_search_cost_share", \.platformSearchCostShare, unit: "fraction", range: 0...1,
      "Cost of a platform search, share of the importer's monthly budget."),
    .real(
      "traditional_search_distance_decay", \.traditionalSearchDistanceDecay, unit: "1",
      range: 0...5, "Distance decay of traditional supplier discovery (weight ∝ distance^−this)."),
    .real(
      "platform_search_distance_decay", \.platformSearchDistanceDecay, unit: "1", range: 0...5,
      "Distance decay of platform supplier discovery (Lendle et al. 2016: 65 % smaller online)."),
    .real(
      "supplier_switching_threshold", \.supplierSwitchingThreshold, unit: "fraction", range: 0...1,
      "Price advantage a candidate needs to replace an existing supplier."),
    .real(
      "buyer_default_probability_per_month", \.buyerDefaultProbabilityPerMonth, unit: "1/month",
      range: 0...1,
      "Share of an importer's trade-credit debt not paid when due where legal enforcement is 0 (assumption; the default share is this × exp(−slope × enforcement of the buyer's country), capped at 1)."
    ),
    .real(
      "default_enforcement_slope", \.defaultEnforcementSlope, unit: "1", range: 0...50,
      "How fast default risk falls with the buyer's enforcement (probability·exp(−this·enforcement); assumption)."
    ),
    .real(
      "default_belief_adjustment_per_month", \.defaultBeliefAdjustmentPerMonth, unit: "1/month",
      range: 0...1,
      "Share of the gap between last month's realised default share in a market and sellers' belief that the belief closes each month (adaptive expectations; assumption)."
    ),
    .real(
      "b2b_fraud_probability", \.b2bFraudProbability, unit: "fraction", range: 0...1,
      "Share of the value of prepaid cross-border B2B orders lost to non-delivery or fraud where the seller's enforcement and the platform's security are 0 (assumption)."
    ),
    .real(
      "fraud_deterrence_per_enforcement", \.fraudDeterrencePerEnforcement, unit: "1", range: 0...1,
      "Share of sellers' fraud deterred at full enforcement in the seller's country (fraud × (1 − this × enforcement); assumption)."
    ),
    .real(
      "prepayment_financing_cost_share", \.prepaymentFinancingCostShare, unit: "fraction",
      range: 0...0.2,
      "Cost to the buyer of paying in advance, share of the order's value: working capital tied up over production and transit, about a month at 6 % a year (Schmidt-Eisenlohr 2013)."
    ),
    .real(
      "letter_of_credit_fee_share", \.letterOfCreditFeeShare, unit: "fraction", range: 0...0.2,
      "Banks' fees for a letter of credit where buyers never default, share of the order's value (issuing and confirming fees of 0.75–1.5 %; Niepmann and Schmidt-Eisenlohr 2017)."
    ),
    .real(
      "letter_of_credit_risk_loading", \.letterOfCreditRiskLoading, unit: "1", range: 0...1,
      "Share of the expected default share of the buyer's market that banks add to the letter-of-credit fee: they guarantee the buyer's payment and recover the rest from its collateral (assumption: one half; confirmation fees rise with country risk, Niepmann and Schmidt-Eisenlohr 2017)."
    ),
    .real(
      "payment_terms_cost_scale", \.paymentTermsCostScale, unit: "fraction", range: 0.0001...1,
      "Dispersion of buyers' and sellers' idiosyncratic costs of the three payment terms, share of order value: terms are chosen by multinomial logit over expected costs with this scale (assumption)."
    ),
    .real(
      "network_effect_elasticity", \.networkEffectElasticity, unit: "1", range: 0...3,
      "Strength of the two-sided network effect (elasticity of attractiveness to the other side)."),
    .real(
      "platform_switching_cost", \.platformSwitchingCost, unit: "fraction", range: 0...1,
      "What a listed seller leaves behind by moving to another platform of the kind (its store, listings and buyers' reviews): it moves to a rival only if the rival's attraction × (1 − c) exceeds its own platform's, and a B2C move costs it the share c of its seller reputation (assumption: reviews and sales rank do not move between marketplaces; 0 free moves, 1 never moves)."
    ),
    .real(
      "platform_review_probability_per_month", \.platformReviewProbabilityPerMonth,
      unit: "1/month", range: 0...1,
      "Probability per month that a listed seller compares its platform with a rival drawn by attraction (assumption: about once in 20 months, as sellers reconsider channels at contract renewals)."
    ),
    .real(
      "commission_adjustment_rate", \.commissionAdjustmentRate, unit: "1", range: 0...10,
      "Monthly commission adjustment per point of market-share change."),
    .integer(
      "commission_share_lookback_months", \.commissionShareLookbackMonths, range: 1...60,
      "Months of value shares a platform keeps: its commission moves with its share now against the oldest one kept (12: the share a year ago less a month)."
    ),
    .real(
      "commission_floor", \.commissionFloor, unit: "fraction", range: 0...0.9,
      "Lowest commission a platform charges (assumption: half a per cent)."),
    .real(
      "commission_cap", \.commissionCap, unit: "fraction", range: 0...0.9,
      "Highest commission a platform charges (assumption: 30 %, above published marketplace fees)."
    ),
    .real(
      "platform_reputation_adjustment_per_month", \.platformReputationAdjustmentPerMonth,
      unit: "1/month", range: 0...1,
      "Share of the gap between a platform's payment security and its reputation closed each month (assumption)."
    ),
    .real(
      "seller_reputation_gain_per_selling_month", \.sellerReputationGainPerSellingMonth,
      unit: "1/month", range: 0...1,
      "Share of the distance to 1 a seller's reputation gains in a month it sells by parcel (assumption)."
    ),
    .real(
      "initial_seller_reputation_max", \.initialSellerReputationMax, unit: "fraction",
      range: 0...1,
      "The firms of 2015 start with a seller reputation drawn uniformly between 0 and this (sellers with some history; entrants start at 0; assumption)."
    ),
    .real(
      "seller_reputation_decay_per_idle_month", \.sellerReputationDecayPerIdleMonth,
      unit: "1/month", range: 0...1,
      "Share of its reputation a seller loses in a month it sells no parcel (assumption)."),
    .real(
      "platform_weight_in_offer_quality", \.platformWeightInOfferQuality, unit: "fraction",
      range: 0...1,
      "Weight of the platform's reputation in an offer's quality as consumers see it; the seller's reputation has the rest (assumption: equal)."
    ),
    .real(
      "security_reinvestment_share", \.securityReinvestmentShare, unit: "fraction", range: 0...1,
      "Share of platform revenue reinvested in payment security."),
    .real(
      "security_stock_months_of_goods_value", \.securityStockMonthsOfGoodsValue,
      unit: "months", range: 1e-3...1000,
      "Security stock (spending net of depreciation), in months of the goods value a platform (its group) carries, that buys 63 % payment security: s = 1 − exp(−stock/(this × goods value)). Fraud attempts grow with the value carried, so security is bought per unit of value protected: at a steady state s = 1 − exp(−reinvested share × take rate/(depreciation × this)); at 1.75 a platform reinvesting a fifth of an 8 % take rate (the leading B2C marketplace's listed commission) holds 0.6, its 2015 level, and one taking 3 % about 0.3 (assumption: set from the take rate, not fitted to the fraud facts)."
    ),
    .real(
      "security_value_smoothing_months", \.securityValueSmoothingMonths, unit: "months",
      range: 1...120,
      "Months over which the goods value a platform's security protects is averaged (exponential average, 1/this of the gap closed each month; 1 = this month's value): fraudsters follow a platform's sustained volume, not one month's swings, and a small platform's security does not jump when its sales do (assumption)."
    ),
    .real(
      "security_depreciation_per_month", \.securityDepreciationPerMonth, unit: "1/month",
      range: 0...1, "Monthly depreciation of payment security."),
    .real(
      "escrow_refund_share", \.escrowRefundShare, unit: "fraction", range: 0...1,
      "Share of a fraud loss on a cross-border platform that escrow returns at full security (the refund is the share × the platform's security). Buyers weigh the fraud probability net of it: risk = fraud probability × (1 − share × security) + parcel loss probability."
    ),
    .real(
      "enforcement_rule_of_law_scale", \.enforcementRuleOfLawScale, unit: "1", range: 0.01...10,
      "Enforcement index from rule of law: Φ(rule of law / this) with Φ the normal CDF."),
    .real(
      "retaliation_deficit_threshold_share_of_gdp", \.retaliationDeficitThresholdShareOfGDP,
      unit: "fraction", range: 0...1,
      "Retaliation: bilateral deficit with China, share of GDP (trailing 12 months), that triggers a tariff rise when retaliation is enabled."
    ),
    .real(
      "retaliation_cooldown_months", \.retaliationCooldownMonths, unit: "months", range: 1...120,
      "Retaliation: months a government waits after a tariff step before it can take another (assumption: one a year)."
    ),
    .real(
      "retaliation_tariff_step", \.retaliationTariffStep, unit: "fraction", range: 0...1,
      "Tariff points added on Chinese goods per retaliation."),
    .real(
      "retaliation_tariff_cap", \.retaliationTariffCap, unit: "fraction", range: 0...5,
      "Upper limit of retaliatory tariffs."),
    .boolean(
      "retaliation_enabled", \.retaliationEnabled,
      "Whether governments retaliate (0 = off, 1 = on)."),
    .real(
      "accounting_tolerance", \.accountingTolerance, unit: "1",
      range: ParameterRange(
        lower: 1e-10, upper: 0.001,
        note:
          "At least 1e-10: rounding in sums over hundreds of thousands of balances leaves residuals up to about 1e-12 in full-scale runs, so a tighter tolerance would stop runs whose books balance."
      ),
      "Largest allowed relative residual of the stock-flow check each step."),
  ]

  /// The parameter named `name`, if any.
  public static func spec(named name: String) -> ParameterSpec? {
    all.first { $0.name == name }
  }

  /// Where `name` is a policy lever rather than a parameter: how to set it instead (nil for
  /// any other name).
  public static func policyLeverHint(for name: String) -> String? {
    guard PolicyLever(rawValue: name) != nil else { return nil }
    return
      "'\(name)' is a policy lever, not a parameter: set it in a config's scenario, `policies: [{lever: \(name), countries: [...], schedule: [{step: 2020-01, value: ...}]}]`"
  }

  /// Sets parameter `name` in `parameters` from a number, checking kind and range.
  /// - Throws: ``ModelInputError`` with `source` naming the config key.
  public static func set(
    _ name: String, to value: Double, in parameters: inout ModelParameters, source: String
  ) throws {
    guard let spec = spec(named: name) else {
      throw ModelInputError(
        source: source,
        message: policyLeverHint(for: name).map { "unknown parameter: \($0)" }
          ?? "unknown parameter '\(name)'\(closestMatch(to: name, among: all.map(\.name)).map { "; did you mean '\($0)'?" } ?? "") (brisim parameters lists them)"
      )
    }
    switch spec.kind {
    case .real(let keyPath, let range):
      guard range.contains(value) else {
        throw ModelInputError(
          source: source,
          message:
            "\(name) = \(value) is out of range; expected a value in \(range)\(spec.unit == "1" ? "" : " (\(spec.unit))")\(range.note.map { ": \($0)" } ?? "")"
        )
      }
      parameters[keyPath: keyPath] = value
    case .integer(let keyPath, let range):
      guard value.isFinite, value == value.rounded(), let integer = Int(exactly: value),
        range.contains(integer)
      else {
        throw ModelInputError(
          source: source,
          message:
            "\(name) = \(value) is not a whole number in [\(range.lowerBound), \(range.upperBound)]"
        )
      }
      parameters[keyPath: keyPath] = integer
    case .boolean(let keyPath):
      guard value == 0 || value == 1 else {
        throw ModelInputError(
          source: source, message: "\(name) = \(value) is not true or false (1 or 0)")
      }
      parameters[keyPath: keyPath] = value == 1
    }
  }

  /// Checks every constraint that ties parameters together.
  /// - Throws: ``ModelInputError`` naming the parameters of the first constraint violated, their
  ///   values and why the model needs the constraint.
  public static func checkConstraints(_ parameters: ModelParameters, source: String) throws {
    for constraint in constraints where !constraint.holds(parameters) {
      throw ModelInputError(
        source: source, message: constraint.violationMessage(parameters))
    }
  }

  /// Constraints between parameters: combinations for which the model is undefined.
  ///
  /// Each is monotone in each parameter it names, so a box of parameter values satisfies it
  /// everywhere when it holds at the box's corners (``firstViolation(in:)``).
  public static let constraints: [ParameterConstraint] = [
    ParameterConstraint(
      parameters: ["productivity_pareto_shape", "elasticity_of_substitution"],
      requirement: "productivity_pareto_shape > elasticity_of_substitution − 1",
      reason:
        "firms' sales grow like φ^(σ−1), and under a Pareto(k) productivity its mean (the average firm's sales) is infinite unless k > σ − 1"
    ) { $0.productivityParetoShape > $0.elasticityOfSubstitution - 1 },
    ParameterConstraint(
      parameters: ["sector_share_labor_intensive", "sector_share_high_tech"],
      requirement: "sector_share_labor_intensive + sector_share_high_tech ≤ 1",
      reason: "the sectors' shares of tradables demand cannot exceed the whole"
    ) { $0.sectorShareLaborIntensive + $0.sectorShareHighTech <= 1 },
    ParameterConstraint(
      parameters: ["sector_share_labor_intensive", "sector_share_high_tech"],
      requirement: "sector_share_labor_intensive + sector_share_high_tech > 0",
      reason:
        "online shopping and B2C trade are in labor-intensive and high-tech goods; with both shares 0 there is nothing to sell online"
    ) { $0.sectorShareLaborIntensive + $0.sectorShareHighTech > 0 },
    ParameterConstraint(
      parameters: ["household_income_share_of_gdp", "household_tradables_budget_share"],
      requirement:
        "household_income_share_of_gdp > 0 and household_tradables_budget_share > 0",
      reason:
        "households' tradables are the final demand that producers' input demand multiplies; with none, nobody buys tradables and firms have no market to size their costs by"
    ) { $0.householdIncomeShareOfGDP > 0 && $0.householdTradablesBudgetShare > 0 },
  ]

  /// The first constraint violated somewhere in a box of parameter values, and a corner where
  /// it fails. `box` gives, per parameter name, its lowest and highest value; other parameters
  /// keep their values in `base`.
  public static func firstViolation(
    in box: [String: (low: Double, high: Double)], base: ModelParameters
  ) -> (constraint: ParameterConstraint, corner: ModelParameters)? {
    for constraint in constraints {
      let varying = constraint.parameters.filter { box[$0] != nil }
      for cornerIndex in 0..<(1 << varying.count) {
        var corner = base
        for (position, name) in varying.enumerated() {
          guard let spec = spec(named: name), let bounds = box[name] else { continue }
          let value = cornerIndex & (1 << position) == 0 ? bounds.low : bounds.high
          spec.assign(value, in: &corner)
        }
        if !constraint.holds(corner) { return (constraint, corner) }
      }
    }
    return nil
  }
}

/// A requirement that ties two or more parameters together (k > σ − 1, shares that add up to
/// at most 1): outside it the model is undefined.
public struct ParameterConstraint: Sendable {
  /// The parameters it ties together, by catalog name.
  public let parameters: [String]
  /// The requirement as a formula of the names.
  public let requirement: String
  /// Why the model needs it.
  public let reason: String
  /// Whether `parameters` satisfy it.
  public let holds: @Sendable (ModelParameters) -> Bool

  init(
    parameters: [String], requirement: String, reason: String,
    holds: @escaping @Sendable (ModelParameters) -> Bool
  ) {
    self.parameters = parameters
    self.requirement = requirement
    self.reason = reason
    self.holds = holds
  }

  /// "productivity_pareto_shape = 2.5 and elasticity_of_substitution = 4.0 break
  /// productivity_pareto_shape > elasticity_of_substitution − 1: …".
  public func violationMessage(_ values: ModelParameters) -> String {
    let named = parameters.compactMap { name in
      ParameterCatalog.spec(named: name).map { "\(name) = \($0.valueText(in: values))" }
    }
    return "\(named.joined(separator: " and ")) break \(requirement): \(reason)"
  }
}

extension ParameterSpec {
  /// Stores `value` (already checked against the range) in `parameters`.
  func assign(_ value: Double, in parameters: inout ModelParameters) {
    switch kind {
    case .real(let keyPath, _): parameters[keyPath: keyPath] = value
    case .integer(let keyPath, _): parameters[keyPath: keyPath] = Int(value.rounded())
    case .boolean(let keyPath): parameters[keyPath: keyPath] = value != 0
    }
  }
}

extension ModelParameters {
  /// Checks every parameter against its catalog range and every constraint between them.
  /// - Throws: ``ModelInputError`` with `source`, naming the parameter(s) and what was expected.
  public func validate(source: String) throws {
    for spec in ParameterCatalog.all {
      var copy = ModelParameters()
      try ParameterCatalog.set(spec.name, to: spec.value(in: self), in: &copy, source: source)
    }
    try ParameterCatalog.checkConstraints(self, source: source)
  }
}

extension ParameterCatalog {
  /// `name=value` for every parameter whose value in `parameters` differs from `reference`,
  /// in catalog order.
  public static func differences(_ parameters: ModelParameters, from reference: ModelParameters)
    -> [String]
  {
    all.compactMap { spec in
      spec.value(in: parameters) == spec.value(in: reference)
        ? nil : "\(spec.name)=\(spec.valueText(in: parameters))"
    }
  }
}
