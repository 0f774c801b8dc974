import Foundation
import IAMPolicy

/// The compiled policy sets of an audit, and their decisions, shared by the principals whose policies are the same.
///
/// A policy set is known by its documents: each managed policy by its ARN and default version, each inline policy by
/// its owner and name (the documents' sources say both). A principal with an inline policy of its own shares its set
/// with no one, so only sets made of managed and group policies are shared. Decisions are kept per set and per what the
/// engine can see of the principal: its kind, its tags, whether it is a service-linked role, and — when a policy reads
/// the principal's ARN or name (`aws:PrincipalArn`, `aws:username`, `aws:userid`, or a policy variable naming them) —
/// the principal itself.
final class PolicySetCache: @unchecked Sendable {
    /// What is known of one set of shared policies: whether they read the principal's identity, the cells decided for
    /// each kind of principal they govern, and — once a second principal has them — the compiled set itself.
    private final class Entry: @unchecked Sendable {
        let readsPrincipalIdentity: Bool
        /// Guards `policies` and `cells`: the principals of one set, on every thread, ask the same entry.
        let lock = NSLock()
        var policies: PolicySet?
        var cells: [Prehashed<String>: [AuditCell]] = [:]

        init(readsPrincipalIdentity: Bool) {
            self.readsPrincipalIdentity = readsPrincipalIdentity
        }
    }

    /// The entries whose key falls in this shard.
    private final class Shard: @unchecked Sendable {
        let lock = NSLock()
        var entries: [Prehashed<String>: Entry] = [:]
    }

    private static let shardCount = 16
    private let shards = (0..<PolicySetCache.shardCount).map { _ in Shard() }

    /// The cells of the principal `policies` govern, decided by `decide` on its policy set, or taken from a principal
    /// decided before whose policies and visible traits are the same. A compiled set is kept from the second principal
    /// that has it on: most sets belong to one principal, and keeping every plan would hold them all in memory. Keys
    /// are hashed before any lock is taken, and each set's decisions have their own lock, so threads rarely wait.
    func cells(
        for policies: PrincipalPolicies, account: String, shared: AuditRunner.Shared,
        decide: (PolicySet) -> [AuditCell]
    ) -> [AuditCell] {
        guard !policies.ownsInlinePolicies else {
            return decide(Self.policySet(policies, shared: shared))
        }
        let key = Prehashed(Self.key(policies, account: account))
        let shard = shards[key.shard(of: Self.shardCount)]
        var compiled: PolicySet?
        let entry: Entry
        if let known = shard.lock.withLock({ shard.entries[key] }) {
            entry = known
        } else {
            let set = Self.policySet(policies, shared: shared)
            compiled = set
            let made = Entry(readsPrincipalIdentity: Self.readsPrincipalIdentity(set))
            entry = shard.lock.withLock {
                if let raced = shard.entries[key] { return raced }
                shard.entries[key] = made
                return made
            }
        }
        let variant = Prehashed(Self.variant(policies, readsIdentity: entry.readsPrincipalIdentity))
        let (decided, kept) = entry.lock.withLock { (entry.cells[variant], entry.policies) }
        if let decided { return decided }
        let set: PolicySet
        if let kept {
            set = kept
        } else if let compiled {
            set = compiled
        } else {
            // The second principal with these policies: compiled once more, and kept for the ones after it.
            let made = Self.policySet(policies, shared: shared)
            set = entry.lock.withLock {
                if entry.policies == nil { entry.policies = made }
                return made
            }
        }
        let cells = decide(set)
        entry.lock.withLock { entry.cells[variant] = cells }
        return cells
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
