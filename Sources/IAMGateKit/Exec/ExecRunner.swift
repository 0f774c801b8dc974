import AWSCore
import AWSServices
import Foundation
import JSON
import StackQL

/// Everything `iamgate exec` was asked: the check's inputs, and how to run what it allows.
public struct ExecOptions: Sendable {
    /// The check's inputs (ignored with `plan`, which carries its own).
    public var check = CheckOptions()
    public var mode: CheckMode = .offline
    /// `--plan`: a plan saved by `check --save-plan`, run only if nothing that decided it changed.
    public var plan: String?
    /// `--dry-run`: check, print the calls that would be sent, send nothing.
    public var dryRun = false
    /// `--audit-log`: the JSON Lines file intent and outcome records are appended to.
    public var auditLog: String?
    /// `--timeout`: seconds to follow one mutation before giving up on waiting (the request goes on at AWS).
    public var timeout: Double = 3600
    /// Resubmissions of a statement that ended `FAILED` with `ErrorCode: Throttling`.
    public var throttleResubmissions = 3

    public init() {}
}

/// `iamgate exec`: check every statement, and only if every one is allowed run them in file order through Cloud
/// Control, each built from the very statement the check evaluated, mutations followed to a final state. With
/// `--manifest`, the statements of a stackql-deploy build or teardown run as stackql-deploy runs them
/// (`DeploymentExecution`): each exists check decides which of the checked statements run.
public enum ExecRunner {
    /// Runs `options`. Bad input, a stale plan, credentials that are not the checked principal's and an audit log that
    /// cannot be written throw `InputError` before anything is sent; everything after the gate opened is in the report.
    public static func run(
        _ options: ExecOptions, aws: AWSAccessOptions, status: (@Sendable (String) -> Void)? = nil
    ) throws -> ExecReport {
        var checkOptions = options.check
        var mode = options.mode
        var saved: SavedPlan?
        if let path = options.plan {
            let plan = try SavedPlan.read(path: path)
            checkOptions = plan.options
            mode = plan.mode
            saved = plan
        }
        checkOptions.operations = []  // every statement is checked and run; none is skipped
        checkOptions.ledger = InputLedger()
        checkOptions.followsEveryMutation = true
        let given = checkOptions
        guard given.sql != nil || given.sqlFile != nil || given.manifest != nil else {
            throw InputError("exec runs SQL: give --sql, --sql-file or --manifest")
        }
        let run = try CheckRunner.checked(checkOptions, mode: mode, aws: aws, status: status)
        let digest = SavedPlan.digest(options: given, mode: mode, inputs: run.options.ledger.recorded)
        var calls: [Result<StatementCall, StatementCallProblem>] = []
        for operation in run.plan.operations {
            guard let statement = operation.statement else {
                throw InputError("exec runs SQL statements; an operation without one cannot be run")
            }
            do {
                calls.append(.success(try StatementCall.make(statement)))
            } catch {
                if case .invalid(let message, let location) = error {
                    let source = operation.origin?.source ?? "--sql"
                    throw InputError(SQLError(message: message, location: location, source: source).description)
                }
                calls.append(.failure(error))
            }
        }
        guard calls.count == run.report.operations.count else {
            throw InputError("exec could not pair every checked statement with its call; nothing was sent")
        }
        var deployment: DeploymentExecution?
        if let plan = run.options.deploymentRead {
            deployment = try DeploymentExecution.make(
                plan: plan, operations: run.plan.operations, resource: run.plan.resource)
        }
        if let saved, let path = options.plan {
            try compare(saved, path: path, now: SavedPlan.make(run: run, given: given, mode: mode, calls: calls))
        }
        var report = ExecReport(
            check: run.report, digest: digest, dryRun: options.dryRun,
            steps: zip(run.report.operations, calls).enumerated().map { index, pair in
                ExecStep(index: index + 1, operation: pair.0, call: pair.1)
            })
        report.gate = gate(report)
        if let deployment {
            report.deployment = deployment.command
            report.gate = deployment.gate(report, checked: report.gate)
        }
        guard case .open = report.gate else { return report }
        if options.dryRun {
            report.dryRunRequests = dryRunRequests(report, digest: digest, aws: aws)
            return report
        }

        // The gate is open: the calls are made with credentials that must be the checked principal's.
        let session = try run.session ?? AWSSession(aws)
        let caller = try run.caller ?? Caller.resolve(session: session)
        let principal = run.report.principal
        guard caller.identity.arn == principal || caller.principalARN == principal else {
            throw InputError(
                "the credentials are \(caller.identity.arn)'s, but the check was for \(principal): nothing was sent "
                    + "(run with that principal's credentials, or check for the caller with --live or --from-account)")
        }
        report.caller = caller.identity.arn
        var log: AuditLog?
        if let path = options.auditLog {
            do {
                log = try AuditLog(path: path)
            } catch {
                throw InputError(error.description + "; nothing was sent", cause: error)
            }
        }
        var executor = Executor(
            session: session, resource: run.plan.resource, log: log, digest: digest, principal: principal,
            caller: caller.identity.arn,
            timeout: options.timeout, throttleResubmissions: options.throttleResubmissions, sleeper: aws.sleeper,
            status: status)
        try executor.logRun(report)
        if var deployment {
            deployment.run(&report, executor: &executor)
        } else {
            for index in report.steps.indices {
                let stop = executor.execute(&report.steps[index])
                if stop { break }
            }
        }
        report.statistics = session.statistics
        return report
    }

    /// Whether the checked statements may run: the first statement that is not allowed (or whose call cannot be
    /// built for a value nobody knows) closes the gate for all of them.
    static func gate(_ report: ExecReport) -> Gate {
        if !report.check.disagreements.isEmpty {
            let first = report.steps.first { step in step.outcome.requests.contains { $0.comparison?.agree == false } }
            return .closed(statement: first?.index ?? 1, reason: .disagreement)
        }
        for step in report.steps {
            switch step.outcome.verdict {
            case .denied: return .closed(statement: step.index, reason: .denied)
            case .undetermined: return .closed(statement: step.index, reason: .undetermined)
            case .allowed: break
            }
            if case .failure(let problem) = step.call {
                return .closed(statement: step.index, reason: .unknownValue(.call(problem)))
            }
        }
        return .open
    }

    /// `--plan`: the saved plan must match this check exactly.
    static func compare(_ saved: SavedPlan, path: String, now: SavedPlan) throws(InputError) {
        let stale = "plan '\(path)' is stale"
        for entry in saved.inputs {
            let current = now.inputs.first { $0.kind == entry.kind && $0.name == entry.name }
            guard let current else {
                throw InputError("\(stale): \(entry.kind) '\(entry.name)' was not read this time; nothing was sent")
            }
            guard current.sha256 == entry.sha256 else {
                throw InputError(
                    "\(stale): \(entry.kind) '\(entry.name)' changed since the plan was saved; nothing was sent "
                        + "(check again and save a new plan)")
            }
        }
        guard saved.digest == now.digest else {
            throw InputError(
                "\(stale): the inputs or the iamgate release that decided it differ from this run's; nothing was sent")
        }
        guard saved.statements == now.statements else {
            let index =
                zip(saved.statements, now.statements).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(saved.statements.count, now.statements.count)
            throw InputError(
                "\(stale): statement \(index + 1)'s verdict or call differs from the plan's (AWS's answer or the "
                    + "account changed); nothing was sent")
        }
    }

    /// The requests `--dry-run` prints, with the ClientToken of each mutation's first submission.
    static func dryRunRequests(_ report: ExecReport, digest: String, aws: AWSAccessOptions) -> [DryRunRequest] {
        report.steps.compactMap { step -> DryRunRequest? in
            guard case .success(let call) = step.call else { return nil }
            let token =
                call.operation.mutates
                ? ClientToken.make(digest: digest, statement: step.index, call: call, attempt: 1) : nil
            return DryRunRequest(
                statement: step.index, target: "CloudApiService.\(call.operation.rawValue)",
                endpoint: dryRunEndpoint(region: call.region, aws: aws), body: call.request(clientToken: token).json)
        }
    }

    static func dryRunEndpoint(region: String, aws: AWSAccessOptions) -> String {
        if let url = aws.endpointURL { return url }
        if let url = aws.environment["AWS_ENDPOINT_URL_CLOUDCONTROL"] ?? aws.environment["AWS_ENDPOINT_URL"] {
            return url
        }
        return "https://cloudcontrolapi.\(region).amazonaws.com"
    }
}

extension StatementCall {
    /// The Cloud Control request of this call, with `clientToken` for a mutation (and only for one).
    func request(clientToken: String?) -> CloudControlRequest {
        switch operation {
        case .createResource:
            return .createResource(
                typeName: typeName, desiredState: desiredState ?? "{}", clientToken: clientToken ?? "",
                roleArn: roleArn)
        case .updateResource:
            return .updateResource(
                typeName: typeName, identifier: identifier ?? "", patchDocument: patchDocument ?? "[]",
                clientToken: clientToken ?? "", roleArn: roleArn)
        case .deleteResource:
            return .deleteResource(
                typeName: typeName, identifier: identifier ?? "", clientToken: clientToken ?? "", roleArn: roleArn)
        case .getResource:
            return .getResource(typeName: typeName, identifier: identifier ?? "", roleArn: roleArn)
        case .listResources:
            return .listResources(typeName: typeName, roleArn: roleArn)
        }
    }
}
