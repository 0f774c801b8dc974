import DeploymentFacts

/// A value a planned statement uses that cannot be known before the run, and why: an external value not given, an
/// export of another resource, a value made or captured at run time, an expression iamgate does not evaluate.
public struct UnknownValue: Sendable, Hashable {
    /// The name as the statement's templates show it (`ExecutionRole`, `vpc.vpc_id`, `x | sql_list`).
    public var name: String
    public var reason: UnknownValueCause

    public init(name: String, reason: UnknownValueCause) {
        self.name = name
        self.reason = reason
    }
}
