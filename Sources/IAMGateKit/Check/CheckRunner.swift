import Catalog
import Foundation
import IAMPolicy
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
    /// The SQL text and its source name, once read (live modes read `--sql-file` once, before the first AWS call).
    var sqlRead: (text: String, source: String)?

    public init() {}

    var selection: OperationPlan.Selection {
        OperationPlan.Selection(
            resource: resource, operations: operations, sql: sql, sqlFile: sqlFile, sqlRead: sqlRead,
            variables: variables, catalogDirectory: catalogDirectory, command: "check")
    }
}

/// `iamgate check`: which operations on a resource may this principal perform, and why.
public enum CheckRunner {
    public static func run(_ options: CheckOptions) throws(InputError) -> CheckReport {
        let governing = try PrincipalInputs.load(options)
        let mode: EvaluationMode = options.strict ? .strict : .discovery
        var inputs = try operationInputs(options, governing.principal)
        inputs.knownRoles = governing.knownRoles
        let plan = try OperationPlan.make(options.selection, inputs: inputs)
        let source = LocalDecisions(governing: governing, mode: mode, account: inputs.account)
        return CheckRunner.report(
            plan, source: source, principal: governing.principal, mode: mode, policyLines: governing.summary,
            notes: notes(mode: mode))
    }

    /// The stages after the plan: the source's decisions, their verdicts, the report.
    static func report<Source: DecisionSource>(
        _ plan: OperationPlan, source: Source, principal: Principal, mode: EvaluationMode,
        policyLines: [String], notes: [String]
    ) throws(Source.Failure) -> CheckReport {
        let outcomes = try source.outcomes(for: plan)
        let operations = zip(plan.operations, outcomes).map { Verdicts.operation($0, outcomes: $1) }
        return CheckReport(
            principal: principal.identifier, resource: plan.resource.id, source: source.source, mode: mode,
            operations: operations, policySummary: source.policyLines(policyLines),
            notes: notes + source.notes(for: plan))
    }

    /// The note every discovery-mode report carries.
    static func notes(mode: EvaluationMode) -> [String] {
        guard mode == .discovery else { return [] }
        return [
            "context keys the check cannot know (source IP, MFA, resource tags…) are treated as unknown: a "
                + "decision that depends on them is undetermined and names the conditions"
        ]
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
