import DeploymentFacts

/// Where a statement of a stackql-deploy project stands in a build or teardown: the manifest resource, the query's
/// anchor and options, and when the command runs it (create and update depend on what the exists check finds when
/// the build runs, so both are checked and each says which case it is for).
public struct DeploymentStep: Sendable, Hashable {
    /// The manifest resource (`resources[].name`).
    public var resource: String
    /// `exists`, `create`, `callback:create`… or `sql` for a resource's inline SQL.
    public var anchor: String
    /// The anchor's options as written (`retries=5`).
    public var options: [String]
    /// When it runs (only when the resource does not exist, on every build…), as the plan gave it;
    /// `ReportSentences.timing` says it.
    public var runs: [StatementTiming]
    /// The resource's `if:` condition when it could not be decided before the run.
    public var condition: String?

    public init(
        resource: String, anchor: String, options: [String] = [], runs: [StatementTiming], condition: String? = nil
    ) {
        self.resource = resource
        self.anchor = anchor
        self.options = options
        self.runs = runs
        self.condition = condition
    }
}
