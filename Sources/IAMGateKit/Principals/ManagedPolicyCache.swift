import Foundation
import IAMPolicy

/// Managed policies parsed once for every principal that attaches them: an audit resolves thousands of principals
/// from one authorization-details file, each with its own resolver, on several threads.
final class ManagedPolicyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: AuthorizationDetailsResolver.ParsedPolicy] = [:]

    /// The cache key of policy `arn` parsed as `type` (a boundary is parsed as a boundary).
    static func key(_ arn: String, type: PolicyType) -> String {
        type == .permissionsBoundary ? "boundary " + arn : arn
    }

    subscript(key: String) -> AuthorizationDetailsResolver.ParsedPolicy? {
        get { lock.withLock { parsed[key] } }
        set { lock.withLock { parsed[key] = newValue } }
    }

    /// Whether policy `arn` is parsed as `type` already.
    func contains(_ arn: String, type: PolicyType) -> Bool {
        lock.withLock { parsed[Self.key(arn, type: type)] != nil }
    }
}
