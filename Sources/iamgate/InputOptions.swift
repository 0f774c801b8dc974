import ArgumentParser
import IAMGateKit

/// The principal and the policies that govern it, as `check` and `exec` take them.
struct PolicyInputOptions: ParsableArguments {
    @Option(help: "The principal: an IAM user, role or assumed-role session ARN (live modes: default the caller).")
    var principal: String?

    @Option(name: .customLong("policy"), help: "An identity-based policy file (repeatable).")
    var policies: [String] = []

    @Option(help: "The principal's permissions boundary policy file.")
    var boundary: String?

    @Option(name: .customLong("session-policy"), help: "A session policy file (role sessions).")
    var sessionPolicy: String?

    @Option(name: .customLong("resource-policy"), help: "The resource-based policy file (e.g. an image policy).")
    var resourcePolicy: String?

    @Option(
        name: .customLong("scp"),
        help: "SCP files of one organization level, comma-separated (repeatable, root first, account last).")
    var scps: [String] = []

    @Option(name: .customLong("rcp"), help: "RCP files of one organization level, comma-separated (repeatable).")
    var rcps: [String] = []

    @Option(name: .customLong("endpoint-policy"), help: "A VPC endpoint policy file.")
    var endpointPolicy: String?

    @Option(
        name: .customLong("authorization-details"),
        help: "JSON from 'aws iam get-account-authorization-details'; --principal picks the user or role.")
    var authorizationDetails: String?

    @Option(name: .customLong("context"), help: "A context value KEY=VALUE, [a,b] for sets (repeatable).")
    var context: [String] = []

    /// The check's options from these and the operation options.
    func checkOptions(operation: OperationOptions, strict: Bool) -> CheckOptions {
        var options = CheckOptions()
        options.principal = principal
        options.identityPolicies = policies
        options.permissionsBoundary = boundary
        options.sessionPolicy = sessionPolicy
        options.resourcePolicy = resourcePolicy
        options.scps = scps
        options.rcps = rcps
        options.endpointPolicy = endpointPolicy
        options.authorizationDetails = authorizationDetails
        options.operations = operation.operations
        options.sql = operation.sql
        options.sqlFile = operation.sqlFile
        options.region = operation.region
        options.account = operation.account
        options.context = context
        options.variables = operation.variables
        options.resource = operation.resource
        options.catalogDirectory = operation.catalog
        options.strict = strict
        return options
    }
}

/// Where the decisions come from: the local engine (default), the account's policies, AWS's simulator, or both.
struct DecisionModeOptions: ParsableArguments {
    @Flag(help: "Ask AWS: IAM SimulatePrincipalPolicy decides every request.")
    var live = false

    @Flag(
        name: .customLong("from-account"),
        help: "Fetch the principal's policies with IAM GetAccountAuthorizationDetails and evaluate them locally.")
    var fromAccount = false

    @Flag(help: "Both the local engine and AWS's simulator; list every request where they differ (exit 4).")
    var compare = false

    var mode: CheckMode {
        if compare { return .compare }
        if live { return .live }
        return fromAccount ? .fromAccount : .offline
    }

    /// One mode at most; offline needs a principal and takes no AWS options.
    func validate(principal: String?, aws: AWSOptions) throws {
        if [live, fromAccount, compare].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --live, --from-account and --compare")
        }
        if principal == nil && mode == .offline {
            throw ValidationError("--principal is required (or ask AWS: --live, --from-account, --compare)")
        }
        if mode == .offline && (aws.profile != nil || aws.endpointURL != nil || aws.debug) {
            throw ValidationError(
                "--profile, --endpoint-url and --debug apply to --live, --from-account and --compare")
        }
    }
}

/// A stackql-deploy project instead of SQL: `--manifest DIR [--env NAME] [-e KEY=VALUE]... [--teardown]`.
struct ManifestOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A stackql-deploy project directory: check every statement its build would run.",
            valueName: "directory"))
    var manifest: String?

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "With --manifest: the project's environment (stackql-deploy's STACK_ENV).", valueName: "name"))
    var environment: String?

    @Option(
        name: .customShort("e"),
        help: ArgumentHelp(
            "With --manifest: an external value KEY=VALUE for its templates (repeatable).", valueName: "key=value"))
    var externals: [String] = []

    @Flag(help: "With --manifest: check the statements of a teardown instead of a build.")
    var teardown = false

    /// `--manifest` replaces `--sql`, `--sql-file`, `--operation` and `--var`; its own options need it.
    func validate(operation: OperationOptions) throws {
        if manifest != nil && (operation.sql != nil || operation.sqlFile != nil) {
            throw ValidationError("give --manifest or --sql/--sql-file, not both")
        }
        if manifest == nil && (environment != nil || !externals.isEmpty || teardown) {
            throw ValidationError("--env, -e and --teardown apply to --manifest")
        }
        if manifest != nil && !operation.operations.isEmpty {
            throw ValidationError(
                "--operation does not apply to --manifest: every statement the project runs is checked")
        }
        if manifest != nil && !operation.variables.isEmpty {
            throw ValidationError("give --manifest's template values with -e KEY=VALUE (--var is for --sql)")
        }
    }

    func apply(to options: inout CheckOptions) {
        options.manifest = manifest
        options.environment = environment
        options.externals = externals
        options.teardown = teardown
    }
}
