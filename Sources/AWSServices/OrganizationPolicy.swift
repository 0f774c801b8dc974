import AWSCore

/// A policy with its content, as `DescribePolicy` answers (the model's `Policy`).
public struct OrganizationPolicy: Sendable, Hashable {
    /// `PolicySummary`.
    public var summary: OrganizationPolicySummary
    /// `Content`: the policy document's JSON text, as AWS stores it.
    public var content: String

    public init(summary: OrganizationPolicySummary, content: String) {
        self.summary = summary
        self.content = content
    }

    /// Reads the `Policy` member of a `DescribePolicy` response; its `PolicySummary` and `Content` must be there (a
    /// policy without content cannot be evaluated, and must not be taken for an empty one).
    static func member(of root: JSONResponseObject) throws(AWSServiceError) -> OrganizationPolicy {
        guard let policy = try root.object("Policy") else { throw root.malformed("Policy", "is missing") }
        guard let summary = try policy.object("PolicySummary") else {
            throw policy.malformed("PolicySummary", "is missing")
        }
        return OrganizationPolicy(
            summary: try OrganizationPolicySummary(summary), content: try policy.requiredString("Content"))
    }
}
