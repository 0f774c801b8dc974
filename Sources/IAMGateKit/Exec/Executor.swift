import AWSCore
import AWSServices
import Catalog
import Foundation
import JSON

/// Runs the statements of an open gate in order: each mutation logged (intent), submitted with its ClientToken,
/// followed to a final state and logged (outcome); each read made and its rows kept. The first statement that does
/// not succeed stops the run: later statements are not sent.
struct Executor {
    let session: AWSSession
    let resource: ResourceDefinition
    let log: AuditLog?
    let digest: String
    let principal: String
    let caller: String
    let timeout: Double
    let throttleResubmissions: Int
    let sleeper: any Sleeper
    let status: (@Sendable (String) -> Void)?
    private var clients: [String: CloudControlClient] = [:]

    init(
        session: AWSSession, resource: ResourceDefinition, log: AuditLog?, digest: String, principal: String,
        caller: String, timeout: Double, throttleResubmissions: Int, sleeper: any Sleeper,
        status: (@Sendable (String) -> Void)?
    ) {
        self.session = session
        self.resource = resource
        self.log = log
        self.digest = digest
        self.principal = principal
        self.caller = caller
        self.timeout = timeout
        self.throttleResubmissions = throttleResubmissions
        self.sleeper = sleeper
        self.status = status
    }

    /// The run record: who, what was checked, and that the gate opened.
    func logRun(_ report: ExecReport) throws(InputError) {
        guard let log else { return }
        do {
            try log.append([
                ("record", .string("run")), ("time", .string(AuditLog.timestamp())),
                ("principal", .string(principal)), ("caller", .string(caller)), ("digest", .string(digest)),
                ("statements", .int(report.steps.count)), ("gate", .string("open")),
            ])
        } catch {
            throw InputError(error.description + "; nothing was sent", cause: error)
        }
    }

    /// Runs one statement; `true` when the run must stop here.
    mutating func execute(_ step: inout ExecStep) -> Bool {
        guard case .success(let call) = step.call else { return true }
        let client: CloudControlClient
        do {
            client = try cloudControl(call.region)
        } catch {
            step.status = .failed
            step.error = .error(error)
            return true
        }
        let started = Date()
        defer { step.seconds = Date().timeIntervalSince(started) }
        if call.operation.mutates {
            mutate(&step, call: call, client: client)
        } else {
            read(&step, call: call, client: client)
        }
        return step.status != .succeeded
    }

    private mutating func cloudControl(_ region: String) throws(RuntimeError) -> CloudControlClient {
        if let client = clients[region] { return client }
        let client = try session.cloudControl(region: region)
        clients[region] = client
        return client
    }

    // MARK: - Mutations

    private func mutate(_ step: inout ExecStep, call: StatementCall, client: CloudControlClient) {
        var attempt = 1
        while true {
            let token = ClientToken.make(digest: digest, statement: step.index, call: call, attempt: attempt)
            var record = SubmissionAttempt(attempt: attempt, clientToken: token)
            do {
                try log?.append(intent(step, call: call, attempt: attempt, token: token))
            } catch {
                step.status = .failed
                step.error = .notLogged(error, statement: step.index)
                return
            }
            status?("statement \(step.index): \(call.operation.rawValue) (attempt \(attempt))…")
            let event: ProgressEvent
            do {
                event = try client.progressEvent(call.request(clientToken: token))
            } catch {
                record.errorCode = error.code
                record.requestId = error.requestId
                step.attempts.append(record)
                step.status = .failed
                step.error = .callFailed(operation: call.operation.rawValue, error: error)
                logOutcome(step, record, note: step.error.map(ReportSentences.failure))
                return
            }
            record.requestToken = event.requestToken
            record.status = event.operationStatus.rawValue
            status?("statement \(step.index): following request \(event.requestToken)…")
            let outcome = session.resourceRequestWaiter(client, timeout: timeout).wait(for: event)
            let last = outcome.event
            record.status = last.operationStatus.rawValue
            record.errorCode = last.errorCode
            record.statusMessage = last.statusMessage
            step.identifier = last.identifier ?? step.identifier
            step.attempts.append(record)
            switch outcome {
            case .succeeded:
                step.status = .succeeded
                logOutcome(step, record, note: nil)
                return
            case .failed(let failed) where failed.errorCode == "Throttling" && attempt <= throttleResubmissions:
                logOutcome(step, record, note: "throttled; submitted again with a new ClientToken")
                sleeper.sleep(seconds: min(Double(1 << attempt), 30))
                attempt += 1
            case .timedOut:
                step.status = .timedOut
                step.error = .timedOut(
                    requestToken: last.requestToken, status: last.operationStatus.rawValue, timeout: timeout)
                logOutcome(step, record, note: step.error.map(ReportSentences.failure))
                return
            default:
                step.status = .failed
                step.error = .outcome(outcome)
                logOutcome(step, record, note: step.error.map(ReportSentences.failure))
                return
            }
        }
    }

    private func intent(_ step: ExecStep, call: StatementCall, attempt: Int, token: String) -> [(String, JSONOutput)] {
        var callMembers: [(String, JSONOutput)] = [
            ("operation", .string(call.operation.rawValue)), ("region", .string(call.region)),
            ("typeName", .string(call.typeName)),
        ]
        if let identifier = call.identifier { callMembers.append(("identifier", .string(identifier))) }
        if let roleArn = call.roleArn { callMembers.append(("roleArn", .string(roleArn))) }
        if let state = call.desiredState {
            callMembers.append(("desiredStateSha256", .string(InputLedger.sha256(state.utf8))))
        }
        if let patch = call.patchDocument {
            callMembers.append(("patchDocumentSha256", .string(InputLedger.sha256(patch.utf8))))
        }
        let origin = step.outcome.statement
        let requests: [JSONOutput] = step.outcome.requests.compactMap { outcome in
            guard let authorization = outcome.authorization else { return nil }
            return .object([
                ("action", .string(authorization.action)), ("resource", .string(authorization.resource)),
                ("verdict", .string(outcome.verdict?.rawValue ?? "not needed")),
            ])
        }
        return [
            ("record", .string("intent")), ("time", .string(AuditLog.timestamp())),
            ("principal", .string(principal)), ("caller", .string(caller)),
            (
                "statement",
                .object([
                    ("index", .int(step.index)), ("source", .string(origin?.source ?? "")),
                    ("line", .int(origin?.location.line ?? 0)), ("column", .int(origin?.location.column ?? 0)),
                    ("textSha256", .string(InputLedger.sha256((origin?.text ?? "").utf8))),
                ])
            ),
            ("operation", .string(step.outcome.operation)), ("call", .object(callMembers)),
            ("clientToken", .string(token)), ("attempt", .int(attempt)),
            ("verdict", .string(step.outcome.verdict.rawValue)), ("requests", .array(requests)),
            ("digest", .string(digest)),
        ]
    }

    /// The outcome record of one submission; `note` is its `error` member.
    private func logOutcome(_ step: ExecStep, _ attempt: SubmissionAttempt, note: String?) {
        guard let log else { return }
        var members: [(String, JSONOutput)] = [
            ("record", .string("outcome")), ("time", .string(AuditLog.timestamp())),
            ("statement", .int(step.index)), ("attempt", .int(attempt.attempt)),
            ("clientToken", .string(attempt.clientToken)),
        ]
        func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
        add("requestToken", attempt.requestToken)
        add("requestId", attempt.requestId)
        add("status", attempt.status)
        add("errorCode", attempt.errorCode)
        add("statusMessage", attempt.statusMessage)
        add("identifier", step.identifier)
        add("error", note)
        // The call was made; a record that cannot be written now is reported, not a reason to hide the outcome.
        do { try log.append(members) } catch {
            FileHandle.standardError.write(Data("iamgate: \(error.description)\n".utf8))
        }
    }

    // MARK: - Reads

    private func read(_ step: inout ExecStep, call: StatementCall, client: CloudControlClient) {
        do {
            let descriptions = try describe(call, client: client)
            step.rows = rows(descriptions, call: call)
            step.status = .succeeded
        } catch {
            step.status = .failed
            step.error = .callFailed(operation: call.operation.rawValue, error: error)
        }
    }

    /// The resources a read returns: GetResource's one (none when it does not exist), or every page of
    /// ListResources.
    private func describe(
        _ call: StatementCall, client: CloudControlClient
    ) throws(AWSServiceError) -> [ResourceDescription] {
        if call.operation == .getResource {
            do {
                return [
                    try client.getResource(
                        typeName: call.typeName, identifier: call.identifier ?? "", roleArn: call.roleArn)
                ]
            } catch  where error.code == "ResourceNotFoundException" {
                return []  // StackQL: a resource that does not exist is zero rows
            }
        }
        return try client.listResources(typeName: call.typeName, roleArn: call.roleArn)
    }

    /// A stackql-deploy query's read (exists, statecheck, exports): the resources it returns, or `nil` when the call
    /// failed (`step` then says why). The caller decides what the rows mean.
    mutating func fetch(_ step: inout ExecStep) -> [ResourceDescription]? {
        guard case .success(let call) = step.call, !call.operation.mutates else { return nil }
        let started = Date()
        defer { step.seconds = (step.seconds ?? 0) + Date().timeIntervalSince(started) }
        do {
            let client = try cloudControl(call.region)
            status?("statement \(step.index): \(call.operation.rawValue)…")
            return try describe(call, client: client)
        } catch let error as RuntimeError {
            step.status = .failed
            step.error = .error(error)
        } catch {
            step.status = .failed
            step.error = .callFailed(operation: call.operation.rawValue, error: error)
        }
        return nil
    }

    /// The statement's columns of each resource: `region` is the call's; every other column is the property the
    /// resource's field table names (`image_id` → `ImageId`), strings as they are and other JSON values compact.
    func rows(_ descriptions: [ResourceDescription], call: StatementCall) -> ResultRows {
        rows(descriptions, call: call, resource: resource)
    }

    /// `rows` for a statement on `resource` (a stackql-deploy project may reach several).
    func rows(_ descriptions: [ResourceDescription], call: StatementCall, resource: ResourceDefinition) -> ResultRows {
        var columns = call.columns
        if columns.isEmpty {
            columns =
                call.operation == .listResources
                ? ["region", resource.fields.first { $0.property == resource.identifier }?.column ?? "identifier"]
                : resource.fields.map(\.column)
        }
        let rows = descriptions.map { description in
            let members = description.properties.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue ?? []
            return columns.map { column -> String in
                if column.lowercased() == "region" { return call.region }
                let property =
                    resource.fields.first { $0.column.lowercased() == column.lowercased() }?.property ?? column
                guard let node = members.first(where: { $0.key.lowercased() == property.lowercased() })?.value else {
                    return property == resource.identifier ? description.identifier : ""
                }
                if let text = node.stringValue { return text }
                return JSONOutput(node).rendered(pretty: false)
            }
        }
        return ResultRows(columns: columns, rows: rows)
    }
}
