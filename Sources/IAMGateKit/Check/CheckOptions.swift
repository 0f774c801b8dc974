import Foundation
import Manifest

/// Everything `iamgate check` was asked.
public struct CheckOptions: Sendable {
    public var principal: String?
    /// Identity-based policy files (inline, managed and group policies alike).
    public var identityPolicies: [String] = []
    public var permissionsBoundary: String?
    public var sessionPolicy: String?
    public var resourcePolicy: String?
    /// One entry per organization level, root first; an entry may list several files separated by commas.
    public var scps: [String] = []
    public var rcps: [String] = []
    public var endpointPolicy: String?
    public var authorizationDetails: String?
    /// Catalog method names; empty means every method of the resource.
    public var operations: [String] = []
    public var sql: String?
    public var sqlFile: String?
    public var region: String?
    public var account: String?
    /// `KEY=VALUE` context entries; a value in `[a,b]` form is a set.
    public var context: [String] = []
    /// `name=value` template variables.
    public var variables: [String] = []
    public var resource = "awscc.imagebuilder.images"
    public var catalogDirectory: String?
    /// Strict mode: absent context keys are absent (as AWS's simulator treats them) instead of unknown.
    public var strict = false
    /// A stackql-deploy project directory: check every statement its build (or, with `teardown`, its teardown)
    /// would run.
    public var manifest: String?
    /// `--env`: the project's environment (stackql-deploy's STACK_ENV).
    public var environment: String?
    /// `-e KEY=VALUE`: external values for the project's templates.
    public var externals: [String] = []
    /// With `manifest`: plan a teardown instead of a build.
    public var teardown = false
    /// `--from-account`: also read the SCPs and RCPs of the principal's account from AWS Organizations.
    public var fromOrganization = false
    /// The AWS profile whose credentials read the organization (its management account's or a delegated
    /// administrator's); `nil`: the caller's.
    public var organizationProfile: String?
    /// The SQL text and its source name, once read (live modes read `--sql-file` once, before the first AWS call).
    var sqlRead: (text: String, source: String)?
    /// The project's statements, once planned (read once, before the first AWS call).
    var deploymentRead: DeploymentPlan?
    /// Every input the check reads, with its digest (for saved plans and exec's ClientTokens).
    public var ledger = InputLedger()
    /// exec and `--save-plan`: statements are checked as exec runs them, every mutation followed to its final state.
    var followsEveryMutation = false

    public init() {}

    var selection: OperationPlan.Selection {
        OperationPlan.Selection(
            resource: resource, operations: operations, sql: sql, sqlFile: sqlFile, sqlRead: sqlRead,
            variables: variables, catalogDirectory: catalogDirectory, command: "check", deployment: deploymentRead,
            ledger: ledger, followsEveryMutation: followsEveryMutation)
    }

    /// Reads and plans `--manifest` (when given and not read yet).
    mutating func readDeployment() throws(InputError) {
        guard deploymentRead == nil, let manifest else { return }
        let plan = try CheckRunner.deploymentPlan(
            directory: manifest, environment: environment, externals: externals, teardown: teardown)
        for file in plan.files { ledger.record(kind: file.kind, name: file.path, bytes: file.text.utf8) }
        deploymentRead = plan
    }
}
