import AWSServices

/// Why a statement of `iamgate exec` failed or timed out, as data: the lower layer's error as it was thrown, or the
/// facts of a stackql-deploy check that did not hold. `ReportSentences.failure` says it.
public enum ExecFailure: Sendable {
    /// An error that says everything itself (the Cloud Control client for the call's Region could not be made).
    case error(any Error & Sendable)
    /// The intent record could not be written to the audit log, so the statement was not sent.
    case notLogged(any Error & Sendable, statement: Int)
    /// Cloud Control answered the call (`operation`, e.g. `CreateResource`) with an error.
    case callFailed(operation: String, error: any Error & Sendable)
    /// `--timeout` ran out while the request was still in progress.
    case timedOut(requestToken: String, status: String, timeout: Double)
    /// The request reached a final state other than success, or its status could not be read (the waiter's outcome).
    case outcome(ResourceRequestOutcome)
    /// A statecheck that did not count 1 on any of its attempts.
    case statecheckNotMet(count: Int, retries: Int, retryDelay: Int)
    /// An exists check that still counted the resource after the delete.
    case stillExists(count: Int, retries: Int, retryDelay: Int)
    /// An exports query that did not return exactly one row.
    case exportRows(rows: Int, command: String)
}
