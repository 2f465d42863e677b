import Engine
import RealModule

/// Country-pair logistics for freight (traditional and B2B trade) and parcels (B2C), derived
/// from distance, both sides' effective LPI and the destination's policies. Entry `o·n + d`
/// is the route from origin o to destination d.
///
/// - Freight cost share of value: a·(D/1000)^b·exp(−c·(LPIₒ + LPI_d − 6)).
/// - Freight days: handling + D/speed + clearance_d.
/// - Parcel cost, CNY: (p₀ + p₁·D/1000)·exp(−c·(LPIₒ + LPI_d − 6)); as a share of value it is
///   divided by the standard parcel value.
/// - Parcel days: base + per-1000-km·D/1000 + per-LPI-point·(5 − LPI_d) + clearance_d, cut by
///   express-carrier cooperation; an overseas-warehouse share w serves w of orders locally in
///   a few days, paying freight instead of a parcel.
/// - Loss probabilities: base·exp(−c·(LPIₒ + LPI_d − 6)).
/// Domestic routes (o = d) use the internal distance, no clearance and half the parcel cost.
public final class LogisticsMatrices: @unchecked Sendable {
  /// Number of countries.
  public let countryCount: Int
  /// Freight cost, share of the goods value.
  public let freightCostShare: AgentColumn<Double>
  /// Freight door-to-door days.
  public let freightDays: AgentColumn<Double>
  /// Freight loss or damage probability.
  public let freightLossProbability: AgentColumn<Double>
  /// Cost of delivering one parcel, CNY (a per-order cost: its share of an order's value
  /// falls with the order's size).
  public let parcelCostCNY: AgentColumn<Double>
  /// Parcel cost, share of the standard parcel value (for expectations at the typical order).
  public let parcelCostShare: AgentColumn<Double>
  /// Expected parcel delivery days.
  public let parcelDays: AgentColumn<Double>
  /// Parcel loss probability.
  public let parcelLossProbability: AgentColumn<Double>

  init(countryCount n: Int) {
    countryCount = n
    freightCostShare = AgentColumn(count: n * n, repeating: 0)
    freightDays = AgentColumn(count: n * n, repeating: 0)
    freightLossProbability = AgentColumn(count: n * n, repeating: 0)
    parcelCostCNY = AgentColumn(count: n * n, repeating: 0)
    parcelCostShare = AgentColumn(count: n * n, repeating: 0)
    parcelDays = AgentColumn(count: n * n, repeating: 0)
    parcelLossProbability = AgentColumn(count: n * n, repeating: 0)
  }

  /// Recomputes every route.
  /// - Parameters:
  ///   - distancesKm: the `n × n` distance matrix.
  ///   - effectiveLPI: each country's LPI including infrastructure gains (capped at 5).
  ///   - executor: runs the origins side by side.
  func update(
    distancesKm: AgentColumn<Double>, effectiveLPI: AgentColumn<Double>, policy: PolicyState,
    parameters p: ModelParameters, executor: ParallelExecutor
  ) {
    let n = countryCount
    // Origins side by side: each writes its own routes.
    executor.forEachPartition(n) { o in
      for d in 0..<n {
        let route = o * n + d
        let thousandKm = distancesKm[route] / 1000
        let lpiDiscount = Double.exp(
          -p.logisticsCostPerLPIPoint * (effectiveLPI[o] + effectiveLPI[d] - 6))
        let domestic = o == d
        let clearance = domestic ? 0 : policy.clearanceDays[d]
        // Belt-and-Road infrastructure on the route (``PolicyLever/corridorShippingTimeCut``).
        let timeKept = 1 - policy.routeShippingTimeCut[route]
        let costKept = 1 - policy.routeTradeCostCut[route]
        freightCostShare[route] =
          p.freightCostShareAt1000Km * Double.pow(thousandKm, p.freightDistanceElasticity)
          * lpiDiscount * costKept
        freightDays[route] =
          (p.freightHandlingDays + distancesKm[route] / p.freightSpeedKmPerDay) * timeKept
          + clearance
        freightLossProbability[route] = min(1, p.freightLossProbability * lpiDiscount)

        let parcelCost =
          (p.parcelCostCNY + p.parcelCostPer1000KmCNY * thousandKm) * lpiDiscount
          * (domestic ? p.domesticParcelCostFactor : 1) * costKept
        var days =
          (p.parcelBaseDays + p.parcelDaysPer1000Km * thousandKm
            + p.parcelDaysPerLPIPoint * (5 - effectiveLPI[d])) * timeKept + clearance
        var cost = parcelCost
        var loss = min(1, p.parcelLossProbability * lpiDiscount)
        if !domestic {
          days *= 1 - p.expressCooperationDaysReduction * policy.expressCooperation[d]
          let warehouse = policy.overseasWarehouseShare[d]
          days = warehouse * p.overseasWarehouseDays + (1 - warehouse) * days
          // Orders served from a warehouse travelled by freight, in bulk, at a typical order.
          cost =
            warehouse * freightCostShare[route] * p.standardParcelValueCNY + (1 - warehouse) * cost
          loss = warehouse * freightLossProbability[route] + (1 - warehouse) * loss
        }
        parcelCostCNY[route] = cost
        parcelCostShare[route] = cost / p.standardParcelValueCNY
        parcelDays[route] = days
        parcelLossProbability[route] = loss
      }
    }
  }
}
