import IAMPolicy

/// Why the statement does not make a request (`Necessity.notNeeded`); the request is reported, not evaluated.
/// `ReportSentences.notNeeded` says it.
public enum NotNeededReason: Sendable, Hashable {
    /// The statement does not wait for the request to finish (no `/*+ AWAIT */` hint).
    case noAwait
    /// The statement sets no `value` (a column such as `ExecutionRole`, or `ECR scanning configuration`).
    case statementSetsNo(String)
    /// The patch adds no tags.
    case patchAddsNoTags
    /// The patch removes no tags.
    case patchRemovesNoTags
    /// Cloud Control makes the handler calls with the credentials of the statement's `RoleArn`, not the principal's.
    case madeWithRole(PartialValue)
}
