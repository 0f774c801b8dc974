/// What a stackql-deploy plan says about a resource that runs no checked statement (or not every one the command
/// needs), as data; `ReportSentences.planNote` says it.
public enum DeploymentPlanNote: Sendable, Hashable {
    /// A `script` resource runs a shell command, which iamgate does not check.
    case scriptNotChecked(resource: String)
    /// A resource without an `update` anchor: a build cannot change it when it exists in another state.
    case noUpdateAnchor(resource: String)
    /// A teardown does not delete the resource: its query file (`file`) has no exists or statecheck anchor.
    case notDeletedWithoutCheck(resource: String, file: String)
    /// A teardown does not delete the resource: its query file (`file`) has no delete anchor.
    case notDeletedWithoutDelete(resource: String, file: String)
    /// The resource is skipped: its `if:` condition, rendered as `condition`, is false.
    case skipped(resource: String, condition: String)
}
