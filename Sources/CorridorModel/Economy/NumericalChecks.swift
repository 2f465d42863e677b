extension CorridorEconomy {
  /// Stops the run at the first quantity that is no longer a finite number.
  ///
  /// Quantities are checked in causal order — drivers, logistics, costs and prices, firms,
  /// platforms, buyers, flows — so the one named is the earliest link of the chain that broke
  /// (a NaN wage makes NaN prices, budgets and balances; the wage is named). Agent columns are
  /// checked through their sums (`columnTotals`), which are NaN or infinite whenever one agent's
  /// value is.
  /// Entry and exit cut-offs may be +∞ (a market nobody can enter) and are checked for NaN only.
  /// Shares and probabilities must moreover stay in [0, 1] (a finite but impossible value, say
  /// a security of 1.3 that makes fraud probabilities negative, stops the run too).
  func checkNumbers(_ columnTotals: AgentColumnTotals) {
    func check(_ quantity: String, _ values: some Sequence<Double>) -> Bool {
      for value in values where !value.isFinite {
        failure = NumericalError(
          step: stepsTaken, when: currentStepWhen, quantity: quantity, value: value)
        return false
      }
      return true
    }
    func checkNotNaN(_ quantity: String, _ values: some Sequence<Double>) -> Bool {
      for value in values where value.isNaN {
        failure = NumericalError(
          step: stepsTaken, when: currentStepWhen, quantity: quantity, value: value)
        return false
      }
      return true
    }
    func checkShare(_ quantity: String, _ values: some Sequence<Double>) -> Bool {
      for value in values where !(value >= 0 && value <= 1) {
        failure = NumericalError(
          step: stepsTaken, when: currentStepWhen, quantity: quantity, value: value)
        return false
      }
      return true
    }
    _ =
      check("wages (CNY per month)", wageCNY)
      && check("GDP (CNY per month)", gdpCNYPerMonth)
      && check("exchange-rate indices", exchangeRateIndex)
      && checkShare("internet penetration shares", internetShare)
      && checkShare("legal enforcement indices", enforcement)
      && checkShare("sellers' expected default shares", expectedDefaultShare)
      && check("effective LPI scores", effectiveLPI)
      && check("freight cost shares of value", logistics.freightCostShare)
      && check("freight days", logistics.freightDays)
      && check("parcel cost shares of value", logistics.parcelCostShare)
      && check("parcel delivery days", logistics.parcelDays)
      && checkShare("parcel loss probabilities", logistics.parcelLossProbability)
      && checkShare("freight loss probabilities", logistics.freightLossProbability)
      && check("productivity scales", productivityScale)
      && check("unit costs (CNY per unit)", unitCost)
      && check("domestic producer price indices (CNY per unit)", domesticPriceIndex)
      && check("firms' congestion cost multipliers", [columnTotals.firmCostMultipliers])
      && check("cells' congestion cost targets", congestionTarget)
      && check("firms' productivity powers φ^(σ−1)", productivityPowerSum)
      && check("firms' competitive powers (φ/m)^(σ−1)", competitivePowerSum)
      && checkNotNaN("market entry cut-offs", entryCutoff)
      && checkNotNaN("market exit cut-offs", exitCutoff)
      && checkNotNaN("market serving cut-offs", servingCutoff)
      && check("B2C sellers' ex-works prices (log CNY)", offerPools.sellerLogExWorks)
      && check("B2C parcel delivery days", offerPools.routeParcelDays)
      && checkShare("B2C offer fraud probabilities", offerPools.fraudProbability)
      && checkShare("B2C sellers' qualities", offerPools.sellerQuality)
      && check("firms' domestic revenue (CNY)", [columnTotals.firmDomesticRevenueCNY])
      && check("firms' export revenue (CNY)", [columnTotals.firmExportRevenueCNY])
      && check("market revenue of exporters (CNY)", marketRevenue)
      && check("firm receivables (CNY)", [columnTotals.firmReceivablesCNY])
      && check("firms' trade-credit results (CNY)", [columnTotals.firmCreditRiskResultsCNY])
      && checkShare("platform commission rates", platforms.commissionRate)
      && checkShare("platform payment security", platforms.paymentSecurity)
      && checkShare("platform reputations", platforms.reputation)
      && checkShare("platform value shares", platforms.valueShare)
      && check("household online budgets (CNY)", metrics.onlineBudgetCNY)
      && checkShare("consumer trust", metrics.meanTrust)
      && checkShare("online familiarity", metrics.meanOnlineFamiliarity)
      && checkShare("importers' online-sourcing shares", importerOnlineShare)
      && check("trade credit due (CNY)", metrics.creditDueCNY)
      && check("open-account sales (CNY)", metrics.tradeCreditSalesCNY)
      && check("trade flows (CNY)", metrics.flowValueCNY)
      && check("tax revenue (CNY)", metrics.taxRevenueCNY)
  }
}
