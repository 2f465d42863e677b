import RealModule

/// Distances between countries, from capital coordinates.
public enum Geography {
  /// Mean Earth radius, km (IUGG).
  public static let earthRadiusKm = 6_371.0088

  /// Great-circle distance in km between two points given in degrees (haversine formula:
  /// d = 2R·asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)))).
  public static func greatCircleDistanceKm(
    latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double
  ) -> Double {
    let radians = Double.pi / 180
    let phi1 = latitude1 * radians
    let phi2 = latitude2 * radians
    let halfDeltaPhi = (phi2 - phi1) / 2
    let halfDeltaLambda = (longitude2 - longitude1) * radians / 2
    let h =
      Double.sin(halfDeltaPhi) * Double.sin(halfDeltaPhi)
      + Double.cos(phi1) * Double.cos(phi2) * Double.sin(halfDeltaLambda)
      * Double.sin(halfDeltaLambda)
    return 2 * earthRadiusKm * Double.asin(min(1, h.squareRoot()))
  }

  /// The symmetric matrix of capital-to-capital distances, km, row-major `n × n`, with the
  /// internal distance of a country on the diagonal: 0.67·√(area/π) is the usual gravity-model
  /// convention, here approximated from population (no area in the table) as a flat
  /// `internalDistanceKm`.
  public static func distanceMatrixKm(_ countries: [Country], internalDistanceKm: Double)
    -> [Double]
  {
    let n = countries.count
    var distances = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      distances[i * n + i] = internalDistanceKm
      for j in (i + 1)..<n where j < n {
        let d = greatCircleDistanceKm(
          latitude1: countries[i].capitalLatitudeDeg, longitude1: countries[i].capitalLongitudeDeg,
          latitude2: countries[j].capitalLatitudeDeg, longitude2: countries[j].capitalLongitudeDeg)
        distances[i * n + j] = max(d, internalDistanceKm)
        distances[j * n + i] = max(d, internalDistanceKm)
      }
    }
    return distances
  }
}
