/// Why `iamgate exec --manifest` ran a stackql-deploy statement or did not run it, or what its count or rows were, as
/// data: the anchor's rule that decided (stackql-deploy `website/docs/resource-query-files.md`) and its numbers.
/// A step keeps its reasons in the order they arose; `ReportSentences.why` says them.
public enum StepReason: Sendable, Hashable {
    /// A statement not run because the `command` (build or teardown) stopped at `statement` (1-based), which failed.
    case stopped(command: String, statement: Int)
    /// A statement the `command` (build or teardown) never reached a reason to run.
    case notNeeded(command: String)
    /// A `command` resource's query, which stackql-deploy runs on every build.
    case commandResource
    /// A callback anchor: exec itself follows each create, update and delete to its final state.
    case callbackFollowedByExec
    /// A `createorupdate` anchor, which stackql-deploy runs on every build.
    case createOrUpdate
    /// An update not run: `check` (exists, statecheck or exports) found no resource, so create ran.
    case createRanInstead(check: String)
    /// A create run: `check` (exists, statecheck or exports) found no resource.
    case notFound(check: String)
    /// A create not run: `check` (exists, statecheck or exports) found the resource.
    case found(check: String)
    /// An update not run: the resource declares `skip_validation: true`.
    case skipValidation
    /// An update not run: the statecheck counted 1 before any update.
    case inDesiredState
    /// An update run: exists found the resource and there is no statecheck to test its state.
    case foundWithoutStatecheck
    /// An update run: the statecheck did not count 1 before any update.
    case notInDesiredState
    /// A delete not run: exists counted 0.
    case absentBeforeDelete
    /// A delete run: exists counted 1.
    case foundBeforeDelete
    /// An exports query not read: the manifest resource declares no `exports:`.
    case noExports(resource: String)
    /// The exists check's count (1: the resource exists).
    case existsCount(Int)
    /// A statecheck standing in for the missing exists anchor, with its count (1: in the desired state).
    case statecheckAsExists(count: Int)
    /// An exports query standing in for the missing exists and statecheck anchors, with its rows.
    case exportsAsExists(rows: Int)
    /// The statecheck asked once before any update, with its count.
    case countBeforeUpdate(Int)
    /// The statecheck after the create or update counted 1.
    case desiredAfterChange
    /// A multi resource's check, which stackql-deploy does not ask before the delete.
    case multiNotAsked
    /// The check before the delete, with its count.
    case countBeforeDelete(Int)
    /// The check after the delete counted 0.
    case goneAfterDelete
    /// An exports query's rows for the exported `names` (`beforeTeardown`: read first in a teardown).
    case exported(rows: Int, names: [String], beforeTeardown: Bool)
}
