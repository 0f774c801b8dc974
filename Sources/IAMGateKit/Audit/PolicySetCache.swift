import Foundation
import IAMPolicy

/// The compiled policy sets of an audit, and their decisions, shared by the principals whose policies are the same.
///
/// A policy set is known by its documents: each managed policy by its ARN and default version, each inline policy by
/// its owner and name (the documents' sources say both). A principal with an inline policy of its own shares its set
/// with no one, so only sets made of managed and group policies are kept. Decisions are kept per set and per what the
/// engine can see of the principal: its kind, its tags, whether it is a service-linked role, and — when a policy reads
/// the principal's ARN or name (`aws:PrincipalArn`, `aws:username`, `aws:userid`, or a policy variable naming them) —
/// the principal itself.
final class PolicySetCache: @unchecked Sendable {
    /// One shared policy set and the operations decided for each kind of principal it governs.
    private final class Entry: @unchecked Sendable {
        let policies: PolicySet
        let readsPrincipalIdentity: Bool
        var operations: [String: [OperationResult]] = [:]

        init(policies: PolicySet, readsPrincipalIdentity: Bool) {
            self.policies = policies
            self.readsPrincipalIdentity = readsPrincipalIdentity
        }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The operations of the principal `policies` govern, decided by `decide` on its policy set, or taken from a
    /// principal decided before whose policies and visible traits are the same.
    func operations(
        for policies: PrincipalPolicies, account: String, shared: AuditRunner.Shared,
        decide: (PolicySet) -> [OperationResult]
    ) -> [OperationResult] {
        guard !policies.ownsInlinePolicies else {
            return decide(Self.policySet(policies, shared: shared))
        }
        let key = Self.key(policies, account: account)
        let entry: Entry
        if let cached = lock.withLock({ entries[key] }) {
            entry = cached
        } else {
            let set = Self.policySet(policies, shared: shared)
            let made = Entry(policies: set, readsPrincipalIdentity: Self.readsPrincipalIdentity(set))
            entry = lock.withLock {
                if let raced = entries[key] { return raced }
                entries[key] = made
                return made
            }
        }
        let variant = Self.variant(policies, readsIdentity: entry.readsPrincipalIdentity)
        if let decided = lock.withLock({ entry.operations[variant] }) {
            return Self.rebound(decided, to: policies.principal)
        }
        let decided = decide(entry.policies)
        lock.withLock { entry.operations[variant] = decided }
        return decided
    }

    /// The principal's policies with the organization's.
    static func policySet(_ policies: PrincipalPolicies, shared: AuditRunner.Shared) -> PolicySet {
        PolicySet(
            identity: policies.identityPolicies, permissionsBoundary: policies.permissionsBoundary, scps: shared.scps,
            rcps: shared.rcps)
    }

    /// The documents' sources, which name each policy's file, owner and name, or ARN and version.
    static func key(_ policies: PrincipalPolicies, account: String) -> String {
        var key = account + "\u{1E}"
        key += policies.identityPolicies.map(\.source.name).joined(separator: "\u{1F}")
        key += "\u{1E}" + (policies.permissionsBoundary?.source.name ?? "")
        return key
    }

    /// What the engine sees of the principal beside its policies.
    static func variant(_ policies: PrincipalPolicies, readsIdentity: Bool) -> String {
        let principal = policies.principal
        var variant = principal.kind.rawValue + (principal.isServiceLinkedRole ? " slr" : "")
        for (key, value) in policies.tags.sorted(by: { $0.key < $1.key }) {
            variant += "\u{1F}\(key)=\(value)"
        }
        if readsIdentity { variant += "\u{1E}" + principal.identifier }
        return variant
    }

    /// The same decisions, each request now asked by `principal` (the one the decisions were made for had the same
    /// policies and the same traits the policies can see).
    static func rebound(_ operations: [OperationResult], to principal: Principal) -> [OperationResult] {
        operations.map { operation in
            var operation = operation
            operation.requests = operation.requests.map { outcome in
                guard var authorization = outcome.authorization, authorization.principal != principal else {
                    return outcome
                }
                var outcome = outcome
                authorization.principal = principal
                outcome.authorization = authorization
                return outcome
            }
            return operation
        }
    }

    /// Whether a policy of the set can tell two principals of the same kind, tags and account apart: a condition on
    /// `aws:PrincipalArn`, `aws:username` or `aws:userid`, a policy variable naming one of them (in a resource or a
    /// condition value), or a `Principal` element.
    static func readsPrincipalIdentity(_ set: PolicySet) -> Bool {
        var documents = set.identity
        if let boundary = set.permissionsBoundary { documents.append(boundary) }
        documents += (set.scps ?? []).flatMap { $0 } + (set.rcps ?? []).flatMap { $0 }
        let keys = ["aws:principalarn", "aws:username", "aws:userid"]
        func names(_ text: String) -> Bool {
            let lowered = text.lowercased()
            return keys.contains { lowered.contains($0) }
        }
        for document in documents {
            for statement in document.statements {
                if statement.principals != nil { return true }
                for clause in statement.conditions {
                    if names(clause.key) || clause.values.contains(where: { names($0.text) }) { return true }
                }
                if let resources = statement.resources, resources.entries.contains(where: { names($0.text) }) {
                    return true
                }
            }
        }
        return false
    }
}
