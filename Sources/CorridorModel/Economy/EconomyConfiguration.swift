/// Everything that defines a run of the corridor economy (besides the thread count, which
/// never changes results).
public struct EconomyConfiguration: Sendable {
  /// The countries.
  public var world: CountryTable
  /// Start month and length.
  public var calendar: ModelCalendar
  /// Behavioural and structural parameters.
  public var parameters: ModelParameters
  /// Policy schedules and trade agreements.
  public var policy: PolicyPlan
  /// Platforms at the start.
  public var platforms: [PlatformSpec]
  /// Agent counts and partitions.
  public var scale: ScaleSettings
  /// Master seed of every random stream.
  public var seed: UInt64
  /// For tests of failure handling only: the step (0-based, spin-up included) at which China's
  /// wage is set to NaN, so that the run fails as a real numerical failure would. Never set by
  /// configs.
  public var injectedNaNStep: Int? = nil

  /// The baseline: the embedded world, 2015-01 to 2030-12, default parameters, observed
  /// de-minimis changes, default platforms and scale.
  public init(
    world: CountryTable = .embedded, calendar: ModelCalendar = ModelCalendar(),
    parameters: ModelParameters = ModelParameters(), policy: PolicyPlan? = nil,
    platforms: [PlatformSpec] = PlatformSpec.defaults, scale: ScaleSettings = ScaleSettings(),
    seed: UInt64 = 1
  ) {
    self.world = world
    self.calendar = calendar
    self.parameters = parameters
    self.policy = policy ?? PolicyPlan.baseline(calendar: calendar)
    self.platforms = platforms
    self.scale = scale
    self.seed = seed
  }
}
