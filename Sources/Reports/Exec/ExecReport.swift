import JSON

/// Why the gate of `iamgate exec` stayed closed.
public enum GateReason: Sendable, Hashable {
    case denied
    case undetermined
    /// `--compare`: the local engine and AWS's simulator disagree.
    case disagreement
    /// The statement's call, or what a stackql-deploy run does, needs a value nobody knows.
    case unknownValue(UnknownValueReason)
}

/// Whether `iamgate exec` may send anything: only when every checked statement is allowed.
public enum Gate: Sendable, Hashable {
    case open
    /// Nothing is sent; `statement` (1-based) is the first that stopped the run.
    case closed(statement: Int, reason: GateReason)
}

/// What became of one statement.
public enum ExecStatus: String, Sendable, Hashable {
    case notRun = "not run"
    case succeeded
    case failed
    /// `--timeout` ran out while the request was still in progress; it may still finish at AWS.
    case timedOut = "timed out"
}

/// One submission of a mutation: its ClientToken and what AWS answered.
public struct SubmissionAttempt: Sendable, Hashable {
    public var attempt: Int
    public var clientToken: String
    public var requestToken: String?
    public var requestId: String?
    /// The last `OperationStatus` seen.
    public var status: String?
    public var errorCode: String?
    public var statusMessage: String?

    public init(attempt: Int, clientToken: String) {
        self.attempt = attempt
        self.clientToken = clientToken
    }
}

/// A SELECT's result: the statement's columns as StackQL names them, one row per resource.
public struct ResultRows: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A request `--dry-run` would have sent.
public struct DryRunRequest: Sendable {
    public var statement: Int
    public var target: String
    public var endpoint: String
    public var body: JSONOutput

    public init(statement: Int, target: String, endpoint: String, body: JSONOutput) {
        self.statement = statement
        self.target = target
        self.endpoint = endpoint
        self.body = body
    }
}

/// One checked statement in `iamgate exec`: its check result, its call, and what happened to it.
public struct ExecStep: Sendable {
    /// 1-based, in file order.
    public var index: Int
    public var outcome: OperationResult
    public var call: Result<StatementCall, StatementCallProblem>
    public var status: ExecStatus = .notRun
    public var attempts: [SubmissionAttempt] = []
    /// The resource's identifier, when AWS gave one.
    public var identifier: String?
    /// Why it failed or timed out.
    public var error: ExecFailure?
    public var rows: ResultRows?
    /// Wall time from the first submission to the final state.
    public var seconds: Double?
    /// A stackql-deploy project's statement: why it ran or was not run, and what its checks counted, in the order
    /// they arose (`ReportSentences.why` says them).
    public var why: [StepReason] = []

    public init(index: Int, operation: OperationResult, call: Result<StatementCall, StatementCallProblem>) {
        self.index = index
        self.outcome = operation
        self.call = call
    }
}

/// What `iamgate exec` did: the check, the gate's decision, and each statement's fate.
public struct ExecReport: Sendable {
    public var check: CheckReport
    /// The digest of every input that decided the check (ClientTokens derive from it).
    public var digest: String
    public var dryRun: Bool
    public var steps: [ExecStep]
    public var gate: Gate = .open
    /// Who the credentials belong to (when anything was sent).
    public var caller: String?
    public var dryRunRequests: [DryRunRequest] = []
    /// The AWS calls made (check and execution).
    public var statistics: CallStatistics?
    /// `build` or `teardown` when the statements are a stackql-deploy project's, which runs only the statements its
    /// exists checks call for: a statement not run is then not a failure.
    public var deployment: String?

    public init(check: CheckReport, digest: String, dryRun: Bool, steps: [ExecStep]) {
        self.check = check
        self.digest = digest
        self.dryRun = dryRun
        self.steps = steps
    }

    /// How the run ended, for the exit code.
    public enum Ending: Sendable, Hashable {
        /// Every statement succeeded (or, dry run, every one is allowed).
        case succeeded
        case refused(GateReason)
        /// AWS or the network failed a statement; later ones were not sent.
        case failed
        /// A request was still in progress when `--timeout` ran out.
        case timedOut
    }

    public var ending: Ending {
        if case .closed(_, let reason) = gate { return .refused(reason) }
        if dryRun { return .succeeded }
        if steps.contains(where: { $0.status == .timedOut }) { return .timedOut }
        if deployment != nil { return steps.contains { $0.status == .failed } ? .failed : .succeeded }
        if steps.contains(where: { $0.status != .succeeded }) { return .failed }
        return .succeeded
    }
}
