import AWSCore
import JSON

/// One AWS Organizations call with its input (API version `2016-11-28`): the read-only calls that find the policies
/// governing an account. ``body`` is the exact JSON the client posts: keys named as the model's input shapes name them,
/// in the model's member order, optional members left out when `nil` (a call without input posts `{}`, as botocore
/// does).
public enum OrganizationsRequest: Sendable, Hashable {
    /// `DescribeOrganization`: the organization of the caller's account.
    case describeOrganization
    /// `ListRoots`, one page.
    case listRoots(nextToken: String? = nil, maxResults: Int? = nil)
    /// `ListParents`, one page: the parent of an account or OU (`childId`).
    case listParents(childId: String, nextToken: String? = nil, maxResults: Int? = nil)
    /// `ListPoliciesForTarget`, one page: the policies of one type attached directly to a root, OU or account.
    case listPoliciesForTarget(
        targetId: String, filter: OrganizationPolicyType, nextToken: String? = nil, maxResults: Int? = nil)
    /// `DescribePolicy`: one policy with its content.
    case describePolicy(policyId: String)

    /// The operation's name, the suffix of `X-Amz-Target`.
    public var operation: String {
        switch self {
        case .describeOrganization: return "DescribeOrganization"
        case .listRoots: return "ListRoots"
        case .listParents: return "ListParents"
        case .listPoliciesForTarget: return "ListPoliciesForTarget"
        case .describePolicy: return "DescribePolicy"
        }
    }

    /// The same call asking for the page after `nextToken`; calls that are not paged stay as they are.
    public func page(after nextToken: String?) -> OrganizationsRequest {
        switch self {
        case .describeOrganization, .describePolicy:
            return self
        case .listRoots(_, let maxResults):
            return .listRoots(nextToken: nextToken, maxResults: maxResults)
        case .listParents(let childId, _, let maxResults):
            return .listParents(childId: childId, nextToken: nextToken, maxResults: maxResults)
        case .listPoliciesForTarget(let targetId, let filter, _, let maxResults):
            return .listPoliciesForTarget(
                targetId: targetId, filter: filter, nextToken: nextToken, maxResults: maxResults)
        }
    }

    /// The body as a JSON value, members in the order they are written.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = []
        func add(_ key: String, _ value: String?) {
            if let value { members.append((key, .string(value))) }
        }
        func limit(_ value: Int?) {
            if let value { members.append(("MaxResults", .int(value))) }
        }
        switch self {
        case .describeOrganization:
            break
        case .listRoots(let nextToken, let maxResults):
            add("NextToken", nextToken)
            limit(maxResults)
        case .listParents(let childId, let nextToken, let maxResults):
            add("ChildId", childId)
            add("NextToken", nextToken)
            limit(maxResults)
        case .listPoliciesForTarget(let targetId, let filter, let nextToken, let maxResults):
            add("TargetId", targetId)
            add("Filter", filter.rawValue)
            add("NextToken", nextToken)
            limit(maxResults)
        case .describePolicy(let policyId):
            add("PolicyId", policyId)
        }
        return .object(members)
    }

    /// The body as sent: ``json`` written compact (no whitespace) as UTF-8.
    public var body: [UInt8] {
        json.bytes(pretty: false)
    }
}
