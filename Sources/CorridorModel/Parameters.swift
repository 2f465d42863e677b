/// Every behavioural and structural parameter of the corridor economy, with its default.
///
/// Units are in the names. The meaning, unit, allowed range and source of each default live in
/// one place, ``ParameterCatalog/all``, which configs use to set parameters by name and
/// `brisim config schema` prints. Defaults marked "assumption" there are modelling choices
/// awaiting calibration (docs/ODD.md).
public struct ModelParameters: Sendable, Equatable {
  public init() {}

  // MARK: Money and exogenous drivers

  public var cnyPerUSD = 6.228
  public var wageGrowthChinaPerYear = 0.10
  public var wageGrowthCorridorPerYear = 0.05
  public var wageGrowthRestOfWorldPerYear = 0.025
  public var gdpGrowthChinaPerYear = 0.08
  public var gdpGrowthCorridorPerYear = 0.06
  public var gdpGrowthRestOfWorldPerYear = 0.035
  public var internetGrowthRatePerYear = 0.15
  public var internetCeilingShare = 0.95
  public var exchangeRateNoisePerMonth = 0.0

  // MARK: Production and demand structure

  public var elasticityOfSubstitution = 4.0
  public var productivityParetoShape = 3.2
  public var productivityIncomeElasticityLaborIntensive = 0.5
  public var productivityIncomeElasticityHighTech = 0.9
  public var productivityIncomeElasticityOther = 0.7
  public var chinaHighTechProductivityPremium = 1.9
  public var chinaLaborIntensiveClusterPremium = 1.4
  public var chinaHighTechProductivityGrowthPerYear = 0.02
  public var productivityGrowthChinaPerYear = 0.07
  public var productivityGrowthCorridorPerYear = 0.03
  public var productivityGrowthRestOfWorldPerYear = 0.015
  public var laborCostShareLaborIntensive = 0.6
  public var laborCostShareHighTech = 0.25
  public var laborCostShareOther = 0.35
  public var materialsPriceGrowthPerYear = 0.02
  public var capacityToAbsorptionRatio = 1.3
  public var relocatedCapacityShare = 0.5
  public var congestionCostElasticity = 1.0
  public var maximumCongestionCostMultiplier = 10_000.0
  public var costAdjustmentPerMonth = 0.5
  public var sectorShareLaborIntensive = 0.30
  public var sectorShareHighTech = 0.45
  public var laborIntensiveInputsFromLaborIntensive = 0.45
  public var laborIntensiveInputsFromHighTech = 0.05
  public var highTechInputsFromLaborIntensive = 0.02
  public var highTechInputsFromHighTech = 0.55
  public var otherInputsFromLaborIntensive = 0.03
  public var otherInputsFromHighTech = 0.07
  public var householdIncomeShareOfGDP = 0.60
  public var householdTradablesBudgetShare = 0.25
  // Calibrated (brisim calibrate experiments/calibration.yaml; docs/ODD.md, Calibration).
  public var incomeGini = 0.40

  // MARK: Tariffs, taxes, customs

  public var tariffMultiplierLaborIntensive = 1.5
  public var tariffMultiplierHighTech = 0.6
  public var tariffMultiplierOther = 0.9
  public var importVATRate = 0.15
  public var deMinimisDefaultUSD = 100.0
  public var clearanceDaysBase = 1.0
  public var clearanceDaysPerLPIPoint = 1.5

  // MARK: Logistics

  public var internalDistanceKm = 500.0
  public var freightCostShareAt1000Km = 0.04
  public var freightDistanceElasticity = 0.25
  public var logisticsCostPerLPIPoint = 0.3
  public var freightSpeedKmPerDay = 400.0
  public var freightHandlingDays = 5.0
  public var parcelCostCNY = 30.0
  public var parcelCostPer1000KmCNY = 5.0
  public var standardParcelValueCNY = 200.0
  public var parcelValueIncomeElasticity = 0.5
  public var crossBorderPurchaseShareFloor = 0.05
  public var domesticParcelCostFactor = 0.5
  public var parcelBaseDays = 6.0
  public var parcelDaysPer1000Km = 1.2
  public var parcelDaysPerLPIPoint = 3.0
  public var parcelLossProbability = 0.02
  public var freightLossProbability = 0.002
  public var transitDayCostShare = 0.005
  public var lpiGainPerLogInfrastructure = 1.0
  public var infrastructureLagMonths = 24.0
  public var infrastructureGainPerPercentGDPYear = 0.05
  public var expressCooperationDaysReduction = 0.4
  public var overseasWarehouseDays = 4.0

  // MARK: Firms

  public var fixedCostShareTraditional = 0.02
  public var fixedCostShareB2B = 0.006
  public var fixedCostShareB2C = 0.004
  public var sunkCostMonths = 12.0
  public var entryPaybackMonths = 24.0
  public var traditionalIntermediaryFeeRate = 0.03
  public var marketReviewProbabilityPerMonth = 0.25
  public var latentMarketShare = 0.02
  public var adoptionInnovationPerMonth = 0.004
  public var adoptionImitationPerMonth = 0.0167  // calibrated
  public var foreignPlatformAdoptionFactor = 0.964  // calibrated
  public var exitAfterLossMonths = 12.0
  public var relocationCostSavingThreshold = 0.2
  public var relocationReviewProbabilityPerMonth = 1.0 / 12.0
  public var exportRebateRate = 0.11
  public var initialB2BAdoptionShare = 0.65  // calibrated
  public var initialB2CAdoptionShare = 0.292  // calibrated
  public var realFirmsPerBillionUSDGDP = 50.0
  public var realImportersPerBillionUSDGDP = 20.0
  public var spinUpMonths = 36

  // MARK: Consumers (B2C)

  public var consumerPriceSensitivity = 3.0
  public var consumerDeliveryDayCost = 0.05
  public var consumerRiskAversion = 10.0
  public var distrustRiskAmplification = 2.0
  public var distrustPenalty = 2.0
  public var crossBorderVarietyUtility = -2.83  // calibrated
  public var foreignVarietyIncomeElasticity = 1.31  // calibrated
  public var domesticOnlineUtility = 0.915  // calibrated
  public var onlineUnfamiliarityCost = 2.48  // calibrated
  public var onlineFamiliarityGainPerOrder = 0.016  // calibrated
  public var onlineShoppingExperienceMonths = 30.0
  public var qualityUtility = 1.0
  public var domesticRetailMargin = 0.3
  public var featuredOffersPerBlock = 32
  public var considerationSetSize = 8
  public var initialTrustMean = 0.35
  public var initialTrustPerEnforcement = 0.2
  public var initialTrustConcentration = 6.0
  public var trustGainPerGoodPurchase = 0.05
  public var trustKeptAfterFraud = 0.5
  public var trustKeptAfterLoss = 0.8
  public var trustKeptAfterLateDelivery = 0.95
  public var lateDeliveryToleranceDays = 3.0
  public var deliveryTimeNoise = 0.25
  public var wordOfMouthWeightPerMonth = 0.1
  public var domesticFraudProbability = 0.0051
  public var crossBorderFraudProbability = 0.03

  // MARK: Importers (B2B)

  public var importerSizeParetoShape = 1.1
  public var supplierSlots = 3
  public var supplierCountSizeElasticity = 0.25
  public var homeBiasWeight = 0.659  // calibrated
  public var supplierSearchProbabilityPerMonth = 0.08
  public var spinUpSupplierSearchProbability = 0.5
  public var relationshipSeparationPerMonth = 0.02
  public var initialImporterPlatformShare = 0.433  // calibrated
  public var importerSourcingInnovationPerMonth = 0.004
  public var importerSourcingImitationPerMonth = 0.0169  // calibrated
  public var importerSourcingPotentialShare = 1.0  // calibrated
  public var platformSearchShareOfAdopters = 0.8
  public var traditionalSearchSuccess = 0.3
  public var platformSearchSuccess = 0.6
  public var traditionalSearchCostShare = 0.005
  public var platformSearchCostShare = 0.001
  public var traditionalSearchDistanceDecay = 1.0
  public var platformSearchDistanceDecay = 0.35
  public var supplierSwitchingThreshold = 0.05
  public var buyerDefaultProbabilityPerMonth = 0.02
  public var defaultEnforcementSlope = 5.0
  public var defaultBeliefAdjustmentPerMonth = 0.25
  public var b2bFraudProbability = 0.004
  public var fraudDeterrencePerEnforcement = 0.5
  public var prepaymentFinancingCostShare = 0.005
  public var letterOfCreditFeeShare = 0.01
  public var letterOfCreditRiskLoading = 0.5
  public var paymentTermsCostScale = 0.005

  // MARK: Platforms

  public var networkEffectElasticity = 0.3
  public var platformSwitchingCost = 0.5
  public var platformReviewProbabilityPerMonth = 0.05
  public var commissionAdjustmentRate = 0.1
  public var commissionShareLookbackMonths = 12
  public var commissionFloor = 0.005
  public var commissionCap = 0.3
  public var platformReputationAdjustmentPerMonth = 0.05
  public var sellerReputationGainPerSellingMonth = 0.02
  public var initialSellerReputationMax = 0.3
  public var sellerReputationDecayPerIdleMonth = 0.005
  public var platformWeightInOfferQuality = 0.5
  public var securityReinvestmentShare = 0.2
  public var securityStockMonthsOfGoodsValue = 1.75
  public var securityValueSmoothingMonths = 12.0
  public var securityDepreciationPerMonth = 0.01
  public var escrowRefundShare = 0.8

  // MARK: Governments

  public var enforcementRuleOfLawScale = 1.0
  public var retaliationDeficitThresholdShareOfGDP = 0.02
  public var retaliationCooldownMonths = 12.0
  public var retaliationTariffStep = 0.05
  public var retaliationTariffCap = 0.25
  public var retaliationEnabled = false

  // MARK: Accounting

  public var accountingTolerance = 1e-9
}
