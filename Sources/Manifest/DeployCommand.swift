/// The stackql-deploy command whose statements are planned.
public enum DeployCommand: String, Sendable, Hashable, CaseIterable {
    /// Resources in manifest order: exists and state checks, then create or update.
    case build
    /// Exports read in manifest order, then resources deleted in reverse order.
    case teardown
}
