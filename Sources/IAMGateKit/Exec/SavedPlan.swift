import AWSServices
import Foundation
import JSON

/// `iamgate check --save-plan PLAN.json` / `iamgate exec --plan PLAN.json`: the checked statements, the Cloud Control
/// call each makes, their verdicts, and every input that decided them with its SHA-256, bound together by one digest.
/// `exec --plan` runs the same check again from the saved options and refuses to send anything when an input, a
/// statement, a call or a verdict differs.
public struct SavedPlan: Sendable {
    /// The plan format's version.
    public static let format = 1

    public var options: CheckOptions
    public var mode: CheckMode
    public var digest: String
    public var inputs: [InputLedger.Entry]
    /// Per statement: its place, operation, verdict and the call (`nil` when it cannot be built).
    public var statements: [Statement]

    public struct Statement: Sendable, Hashable {
        public var location: String
        public var text: String
        public var operation: String
        public var verdict: String
        /// The call's members as compact JSON, or the problem that stops it.
        public var call: String
    }

    // MARK: Digest

    /// The digest of a check: the release that made it, the mode and options, and every input read (kind, name,
    /// SHA-256). Lowercase hex SHA-256 of the compact JSON of these.
    static func digest(options: CheckOptions, mode: CheckMode, inputs: [InputLedger.Entry]) -> String {
        InputLedger.sha256(identity(options: options, mode: mode, inputs: inputs).bytes(pretty: false))
    }

    static func identity(options: CheckOptions, mode: CheckMode, inputs: [InputLedger.Entry]) -> JSONOutput {
        .object([
            ("iamgate", .string(VersionInfo.text())),
            ("mode", .string(modeName(mode))),
            ("options", optionsJSON(options)),
            (
                "inputs",
                .array(
                    inputs.map {
                        .object([
                            ("kind", .string($0.kind)), ("name", .string($0.name)), ("sha256", .string($0.sha256)),
                        ])
                    })
            ),
        ])
    }

    static func modeName(_ mode: CheckMode) -> String {
        switch mode {
        case .offline: return "offline"
        case .fromAccount: return "from-account"
        case .live: return "live"
        case .compare: return "compare"
        }
    }

    static func mode(named name: String) -> CheckMode? {
        switch name {
        case "offline": return .offline
        case "from-account": return .fromAccount
        case "live": return .live
        case "compare": return .compare
        default: return nil
        }
    }

    static func optionsJSON(_ options: CheckOptions) -> JSONOutput {
        func optional(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }
        var members: [(String, JSONOutput)] = [
            ("principal", optional(options.principal)),
            ("resource", .string(options.resource)),
            ("policies", .strings(options.identityPolicies)),
            ("boundary", optional(options.permissionsBoundary)),
            ("sessionPolicy", optional(options.sessionPolicy)),
            ("resourcePolicy", optional(options.resourcePolicy)),
            ("scps", .strings(options.scps)),
            ("rcps", .strings(options.rcps)),
            ("endpointPolicy", optional(options.endpointPolicy)),
            ("authorizationDetails", optional(options.authorizationDetails)),
            ("sql", optional(options.sql)),
            ("sqlFile", optional(options.sqlFile)),
            ("region", optional(options.region)),
            ("account", optional(options.account)),
            ("context", .strings(options.context)),
            ("variables", .strings(options.variables)),
            ("catalog", optional(options.catalogDirectory)),
            ("strict", .bool(options.strict)),
        ]
        // A stackql-deploy project's options, only when there is one (so a plan of SQL keeps its digest).
        if let manifest = options.manifest {
            members += [
                ("manifest", .string(manifest)), ("environment", optional(options.environment)),
                ("externals", .strings(options.externals)), ("teardown", .bool(options.teardown)),
            ]
        }
        return .object(members)
    }

    // MARK: Writing

    /// The plan of a completed check: options as given (the live modes' caller and region filled in are not saved,
    /// so `exec --plan` resolves them again), statements and calls.
    static func make(
        run: CheckRun, given: CheckOptions, mode: CheckMode, calls: [Result<StatementCall, StatementCallProblem>]
    )
        -> SavedPlan
    {
        let inputs = run.options.ledger.recorded
        var statements: [Statement] = []
        for (operation, call) in zip(run.report.operations, calls) {
            let origin = operation.statement
            let callText: String
            switch call {
            case .success(let call):
                callText = JSONOutput.object(call.members + [("region", .string(call.region))]).rendered(pretty: false)
            case .failure(let problem):
                callText = "not built: \(problem.message)"
            }
            statements.append(
                Statement(
                    location: origin.map { "\($0.source):\($0.location.line):\($0.location.column)" } ?? "",
                    text: origin?.text ?? "", operation: operation.operation, verdict: operation.verdict.rawValue,
                    call: callText))
        }
        return SavedPlan(
            options: given, mode: mode, digest: digest(options: given, mode: mode, inputs: inputs), inputs: inputs,
            statements: statements)
    }

    public var json: JSONOutput {
        .object([
            ("iamgatePlan", .int(Self.format)),
            ("iamgate", .string(VersionInfo.text())),
            ("digest", .string(digest)),
            ("mode", .string(Self.modeName(mode))),
            ("options", Self.optionsJSON(options)),
            (
                "inputs",
                .array(
                    inputs.map {
                        .object([
                            ("kind", .string($0.kind)), ("name", .string($0.name)), ("sha256", .string($0.sha256)),
                        ])
                    })
            ),
            (
                "statements",
                .array(
                    statements.map {
                        .object([
                            ("location", .string($0.location)), ("text", .string($0.text)),
                            ("operation", .string($0.operation)), ("verdict", .string($0.verdict)),
                            ("call", .string($0.call)),
                        ])
                    })
            ),
        ])
    }

    /// Writes the plan to `path` (replacing it atomically).
    func write(to path: String) throws(InputError) {
        var bytes = json.bytes(pretty: true)
        bytes.append(0x0A)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError("cannot write plan '\(path)': \(error.localizedDescription.lowercased())")
        }
    }

    // MARK: Reading

    /// Reads a plan; any problem is one sentence naming the file, line and key.
    public static func read(path: String) throws(InputError) -> SavedPlan {
        let bytes = try FileInput.read(path, what: "plan")
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw InputError("plan '\(path)' line \(error.location): \(error.message)", cause: error)
        }
        let reader = PlanReader(path: path)
        let top = try reader.object(root, "the plan")
        let format = try reader.member(top, "iamgatePlan", root)
        guard case .number(let literal) = format.kind, Int(literal) == Self.format else {
            throw reader.failure(
                format, "'iamgatePlan' must be \(Self.format) (this iamgate reads plans of format \(Self.format))")
        }
        let modeNode = try reader.member(top, "mode", root)
        guard let modeText = modeNode.stringValue, let mode = Self.mode(named: modeText) else {
            throw reader.failure(modeNode, "'mode' must be offline, from-account, live or compare")
        }
        let optionsNode = try reader.member(top, "options", root)
        let fields = try reader.object(optionsNode, "options")
        var options = CheckOptions()
        options.principal = try reader.optionalString(fields, "principal", optionsNode)
        options.resource = try reader.optionalString(fields, "resource", optionsNode) ?? options.resource
        options.identityPolicies = try reader.strings(fields, "policies", optionsNode)
        options.permissionsBoundary = try reader.optionalString(fields, "boundary", optionsNode)
        options.sessionPolicy = try reader.optionalString(fields, "sessionPolicy", optionsNode)
        options.resourcePolicy = try reader.optionalString(fields, "resourcePolicy", optionsNode)
        options.scps = try reader.strings(fields, "scps", optionsNode)
        options.rcps = try reader.strings(fields, "rcps", optionsNode)
        options.endpointPolicy = try reader.optionalString(fields, "endpointPolicy", optionsNode)
        options.authorizationDetails = try reader.optionalString(fields, "authorizationDetails", optionsNode)
        options.sql = try reader.optionalString(fields, "sql", optionsNode)
        options.sqlFile = try reader.optionalString(fields, "sqlFile", optionsNode)
        options.region = try reader.optionalString(fields, "region", optionsNode)
        options.account = try reader.optionalString(fields, "account", optionsNode)
        options.context = try reader.strings(fields, "context", optionsNode)
        options.variables = try reader.strings(fields, "variables", optionsNode)
        options.catalogDirectory = try reader.optionalString(fields, "catalog", optionsNode)
        if let strict = fields["strict"] {
            guard let flag = strict.boolValue else {
                throw reader.failure(strict, "'options.strict' must be true or false")
            }
            options.strict = flag
        }
        options.manifest = try reader.optionalString(fields, "manifest", optionsNode)
        options.environment = try reader.optionalString(fields, "environment", optionsNode)
        options.externals = try reader.strings(fields, "externals", optionsNode)
        if let teardown = fields["teardown"] {
            guard let flag = teardown.boolValue else {
                throw reader.failure(teardown, "'options.teardown' must be true or false")
            }
            options.teardown = flag
        }
        let digestNode = try reader.member(top, "digest", root)
        guard let digest = digestNode.stringValue else { throw reader.failure(digestNode, "'digest' must be a string") }
        var inputs: [InputLedger.Entry] = []
        let inputsNode = try reader.member(top, "inputs", root)
        for node in inputsNode.arrayValue ?? [] {
            let entry = try reader.object(node, "inputs[]")
            inputs.append(
                InputLedger.Entry(
                    kind: try reader.optionalString(entry, "kind", node) ?? "",
                    name: try reader.optionalString(entry, "name", node) ?? "",
                    sha256: try reader.optionalString(entry, "sha256", node) ?? ""))
        }
        var statements: [Statement] = []
        let statementsNode = try reader.member(top, "statements", root)
        guard let statementNodes = statementsNode.arrayValue else {
            throw reader.failure(statementsNode, "'statements' must be an array")
        }
        for node in statementNodes {
            let entry = try reader.object(node, "statements[]")
            statements.append(
                Statement(
                    location: try reader.optionalString(entry, "location", node) ?? "",
                    text: try reader.optionalString(entry, "text", node) ?? "",
                    operation: try reader.optionalString(entry, "operation", node) ?? "",
                    verdict: try reader.optionalString(entry, "verdict", node) ?? "",
                    call: try reader.optionalString(entry, "call", node) ?? ""))
        }
        return SavedPlan(options: options, mode: mode, digest: digest, inputs: inputs, statements: statements)
    }

    /// Typed access to a plan's JSON, each failure one sentence with the file and line.
    private struct PlanReader {
        var path: String

        func failure(_ node: JSONNode, _ message: String) -> InputError {
            InputError("plan '\(path)' line \(node.location): \(message)")
        }

        func object(_ node: JSONNode, _ what: String) throws(InputError) -> [String: JSONNode] {
            guard let members = node.objectValue else { throw failure(node, "\(what) must be an object") }
            var result: [String: JSONNode] = [:]
            for member in members {
                guard result[member.key] == nil else { throw failure(node, "'\(member.key)' is given twice") }
                result[member.key] = member.value
            }
            return result
        }

        func member(_ object: [String: JSONNode], _ key: String, _ owner: JSONNode) throws(InputError) -> JSONNode {
            guard let node = object[key] else { throw failure(owner, "'\(key)' is missing") }
            return node
        }

        func optionalString(_ object: [String: JSONNode], _ key: String, _ owner: JSONNode) throws(InputError)
            -> String?
        {
            guard let node = object[key] else { return nil }
            if case .null = node.kind { return nil }
            guard let text = node.stringValue else { throw failure(node, "'\(key)' must be a string or null") }
            return text
        }

        func strings(_ object: [String: JSONNode], _ key: String, _ owner: JSONNode) throws(InputError) -> [String] {
            guard let node = object[key] else { return [] }
            guard let items = node.arrayValue else { throw failure(node, "'\(key)' must be an array of strings") }
            var result: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw failure(item, "'\(key)' must hold strings only") }
                result.append(text)
            }
            return result
        }
    }
}

extension CheckRunner {
    /// `iamgate check` in any mode; with `savePlan`, also writes the plan `exec --plan` runs (the report is the same).
    public static func run(
        _ options: CheckOptions, mode: CheckMode, aws: AWSAccessOptions, status: (@Sendable (String) -> Void)? = nil,
        savePlan: String?
    ) throws -> CheckReport {
        guard let savePlan else { return try run(options, mode: mode, aws: aws, status: status) }
        if options.fromOrganization {
            throw InputError(
                "--save-plan cannot be used with --from-organization: a saved plan does not carry the organization's "
                    + "policies, so exec --plan could not check with them")
        }
        let named =
            [
                options.sqlFile, options.authorizationDetails, options.permissionsBoundary, options.sessionPolicy,
                options.resourcePolicy, options.endpointPolicy,
            ] + options.identityPolicies.map(Optional.some)
            + (options.scps + options.rcps).flatMap(PolicyFiles.levelPaths).map(Optional.some)
        if named.contains("-") {
            throw InputError(
                "--save-plan needs inputs exec can read again; standard input ('-') cannot be: give it as a file")
        }
        var given = options
        given.operations = []
        if !options.operations.isEmpty {
            throw InputError("--save-plan saves every statement for exec, which runs them all; drop --operation")
        }
        given.ledger = InputLedger()
        given.followsEveryMutation = true
        let run = try checked(given, mode: mode, aws: aws, status: status)
        let calls: [Result<StatementCall, StatementCallProblem>] = run.plan.operations.map { operation in
            guard let statement = operation.statement else {
                return .failure(.invalid(message: "no SQL statement", location: SourceLocation(line: 1, column: 1)))
            }
            do throws(StatementCallProblem) {
                return .success(try StatementCall.make(statement))
            } catch {
                return .failure(error)
            }
        }
        guard run.plan.operations.allSatisfy({ $0.statement != nil }) else {
            throw InputError("--save-plan saves SQL statements for exec: give --sql, --sql-file or --manifest")
        }
        try SavedPlan.make(run: run, given: given, mode: mode, calls: calls).write(to: savePlan)
        return run.report
    }
}
