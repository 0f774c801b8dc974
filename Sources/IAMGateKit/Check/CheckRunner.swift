import AWSServices
import Catalog
import Foundation
import IAMPolicy
import Manifest
import StackQL

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

/// A check's report with the plan it was made from and what it used: the inputs exec gates and executes from.
struct CheckRun: Sendable {
    var plan: OperationPlan
    var report: CheckReport
    /// The options as the check completed them (a live mode fills in the caller and the configured region).
    var options: CheckOptions
    /// Live modes: the session the check used, so exec makes its calls with the same credentials.
    var session: AWSSession? = nil
    /// Live modes without `--principal`: who the caller is.
    var caller: Caller? = nil
}

/// `iamgate check`: which operations on a resource may this principal perform, and why.
public enum CheckRunner {
    public static func run(_ options: CheckOptions) throws(InputError) -> CheckReport {
        try checked(options).report
    }

    /// The offline check, with the plan its report was made from.
    static func checked(_ options: CheckOptions) throws(InputError) -> CheckRun {
        var options = options
        try options.readDeployment()
        let governing = try PrincipalInputs.load(options)
        let mode: EvaluationMode = options.strict ? .strict : .discovery
        var inputs = try operationInputs(options, governing.principal)
        inputs.knownRoles = governing.knownRoles
        let plan = try OperationPlan.make(options.selection, inputs: inputs)
        let source = LocalDecisions(governing: governing, mode: mode, account: inputs.account)
        let report = try CheckRunner.report(
            plan, source: source, principal: governing.principal, mode: mode, policyLines: governing.summary,
            notes: notes(mode: mode))
        return CheckRun(plan: plan, report: report, options: options)
    }

    /// The stages after the plan: the source's decisions, their verdicts, the report.
    static func report<Source: DecisionSource>(
        _ plan: OperationPlan, source: Source, principal: Principal, mode: EvaluationMode,
        policyLines: [PolicyLine], notes: [ReportNote]
    ) throws(Source.Failure) -> CheckReport {
        let outcomes = try source.outcomes(for: plan)
        let operations = zip(plan.operations, outcomes).map { Verdicts.operation($0, outcomes: $1) }
        return CheckReport(
            principal: principal.identifier, resource: plan.resourceLabel, source: source.source, mode: mode,
            operations: operations, policySummary: source.policyLines(policyLines),
            notes: notes + plan.notes + source.notes(for: plan))
    }

    /// The note every discovery-mode report carries.
    static func notes(mode: EvaluationMode) -> [ReportNote] {
        mode == .discovery ? [.unknownContextKeys] : []
    }

    /// Partition, region, account and context for building requests: the account is `--account`, else the
    /// principal's.
    static func operationInputs(_ options: CheckOptions, _ principal: Principal) throws(InputError) -> OperationInputs {
        if let region = options.region,
            let problem = ValueValidator().regionProblem(region, key: "--region", partition: principal.partition)
        {
            throw InputError(problem)
        }
        if let account = options.account, !ValueValidator.isAccountID(account) {
            throw InputError("--account '\(account)' is not an account id (12 digits, e.g. 111122223333)")
        }
        var inputs = OperationInputs(
            partition: principal.partition,
            region: options.region.map(PartialValue.known) ?? .unknown("region"),
            account: .known(options.account ?? principal.account ?? ""),
            context: try parseContext(options.context))
        if options.account == nil && principal.account == nil {
            inputs.account = .unknown("account")
        }
        return inputs
    }

    // MARK: - One operation

    /// The requests one operation makes (the request builder's), its errors placed at the statement.
    static func operationRequests(
        method: ResourceMethod, resource: ResourceDefinition, inputs: OperationInputs, origin: StatementOrigin?
    ) throws(InputError) -> [RequiredRequest] {
        do {
            return try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
        } catch let error {
            let place = origin.map { "sql '\($0.source)' line \($0.location.line):\($0.location.column): " } ?? ""
            throw InputError(place + error.message)
        }
    }

    // MARK: - Inputs

    static func selectedMethods(_ names: [String], resource: ResourceDefinition) throws(InputError) -> [ResourceMethod]
    {
        if names.isEmpty { return resource.methods }
        var methods: [ResourceMethod] = []
        for name in names {
            guard let method = resource.method(name) else {
                let known = resource.methods.map(\.name).joined(separator: ", ")
                throw InputError("unknown operation '\(name)' for \(resource.id) (expected one of: \(known))")
            }
            methods.append(method)
        }
        return methods
    }

    static func sqlText(sql: String?, sqlFile: String?) throws(InputError) -> (String, String)? {
        if let sql { return (sql, "--sql") }
        guard let path = sqlFile else { return nil }
        let bytes = try FileInput.read(path, what: "sql file")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError("sql file '\(path)' is not valid UTF-8")
        }
        return (text, path)
    }

    /// `KEY=VALUE`; a value written `[a,b]` is a set (multivalued key such as `aws:TagKeys`).
    static func parseContext(_ entries: [String]) throws(InputError) -> [String: ContextValue] {
        var context: [String: ContextValue] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("--context '\(entry)' must be KEY=VALUE, e.g. aws:SourceIp=203.0.113.7")
            }
            let key = String(entry[entry.startIndex..<equals])
            let value = String(entry[entry.index(after: equals)...])
            if value.hasPrefix("[") && value.hasSuffix("]") {
                let items = value.dropFirst().dropLast().split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                context[key] = ContextValue(set: items.filter { !$0.isEmpty })
            } else {
                context[key] = ContextValue(value)
            }
        }
        return context
    }

    /// The statements a stackql-deploy build (or teardown) of the project in `directory` would run.
    public static func deploymentPlan(
        directory: String, environment: String?, externals: [String], teardown: Bool
    ) throws(InputError) -> DeploymentPlan {
        var values: [String: String] = [:]
        for entry in externals {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("-e '\(entry)' must be KEY=VALUE, e.g. -e AWS_REGION=us-east-1")
            }
            values[String(entry[entry.startIndex..<equals])] = String(entry[entry.index(after: equals)...])
        }
        do {
            return try DeploymentPlan.load(
                directory: directory, command: teardown ? .teardown : .build,
                inputs: DeploymentInputs(environment: environment, externals: values))
        } catch let error {
            throw InputError(error)
        }
    }

    static func parseVariables(_ entries: [String]) throws(InputError) -> [String: String] {
        var variables: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError("--var '\(entry)' must be NAME=VALUE, e.g. region=us-east-1")
            }
            variables[String(entry[entry.startIndex..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return variables
    }

    /// The statement's values in the request builder's terms.
}
