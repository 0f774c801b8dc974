/// When a stackql-deploy `build` or `teardown` runs a planned statement, as the anchor's rule says it
/// (stackql-deploy `website/docs/resource-query-files.md`). A statement planned for two cases (a teardown's exists
/// check, read for its exports and again around the delete) has both, in the order planned.
public enum StatementTiming: Sendable, Hashable {
    /// A `command` resource's query: `on every build`.
    case everyBuild
    /// A `query` resource's exports or inline SQL: `on every build, to read values for later resources`.
    case everyBuildToReadValues
    /// `createorupdate`: `on every build, to create or update the resource`.
    case everyBuildToCreateOrUpdate
    /// A statecheck after `createorupdate`.
    case afterCreateOrUpdateToCheckState
    /// Exports after `createorupdate`.
    case afterCreateOrUpdateToReadValues
    /// A callback after `createorupdate`.
    case afterCreateOrUpdateToFollow
    /// `exists`: first, to decide between create and update.
    case firstToDecide
    /// A statecheck with no exists anchor: first, as the exists check, and again after a create or update.
    case firstAsExistsCheckAndAfterChange
    /// A statecheck beside an exists anchor: when the resource exists, and again after a create or update.
    case whenExistsAndAfterChange
    /// Exports of a resource with create and update: for later resources, and tried first as a state check.
    case toReadValuesAlsoAsStateCheck
    /// `create`: only when the resource does not exist.
    case whenAbsent
    /// A callback after the create.
    case afterCreateToFollow
    /// `update`: only when the resource exists but is not in the desired state.
    case whenNotInDesiredState
    /// A callback after the update.
    case afterUpdateToFollow
    /// A teardown's first pass: every resource's exists and exports, read before anything is deleted.
    case beforeTeardownToReadExports
    /// A teardown's exists check (or statecheck): before the delete, and once after it.
    case aroundDelete
    /// `delete`: only when the resource exists.
    case whenExists
    /// A callback after the delete.
    case afterDeleteToFollow
}
